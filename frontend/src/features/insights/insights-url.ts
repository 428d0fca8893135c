import { defineUrlState, urlParam, useUrlState } from '@/lib/url-state';

/** The windows one can look at, in days. */
export const WINDOWS = ['30', '90', '180', '365'] as const;
export type InsightsWindow = (typeof WINDOWS)[number];

/** The insights view's window, in the URL: `days` (90 by default, left out). */
export const insightsUrl = defineUrlState<{ days: InsightsWindow }>({
  days: urlParam.oneOf('days', WINDOWS, '90'),
});

export function useInsightsWindow() {
  return useUrlState(insightsUrl);
}
