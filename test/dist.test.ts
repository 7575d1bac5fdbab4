import { clusters, DIST_DIR } from './support/configured';
import { describeDistChecks } from './support/dist-checks';

// Every cluster config/ holds, a cluster added there included, is pinned file by file by the
// committed dist/ itself: `npm run synth` and `npx jest -u` write the same files.
describeDistChecks(clusters, DIST_DIR);
