import * as path from 'path';
import { clusters } from '../config';
import { describeDistChecks } from './support/dist-checks';
import { REPO_ROOT } from './support/reference';

// Every cluster config/ holds, a cluster added there included, is pinned file by file by the
// committed dist/ itself: `npm run synth` and `npx jest -u` write the same files.
describeDistChecks(clusters, path.join(REPO_ROOT, 'dist'));
