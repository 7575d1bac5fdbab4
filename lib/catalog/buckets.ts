/**
 * Bucket bounds (`le`, seconds) of the cataloged histograms a latency SLO may use, at the
 * pinned versions: a latency SLO's threshold must be one of them, since a rate of a bucket
 * that does not exist is no data rather than an error.
 */
export const HISTOGRAM_BUCKETS: Record<string, readonly number[]> = {
  // kube-apiserver (k8s.io/apiserver pkg/endpoints/metrics): requestSliLatencies.
  apiserver_request_sli_duration_seconds: [0.05, 0.1, 0.2, 0.4, 0.6, 0.8, 1, 1.25, 1.5, 2, 3, 4, 5, 6, 8, 10, 15, 20, 30, 45, 60],
};
