package io.hubgate.ratelimit;

/**
 * A portal's budget as the limiter sees it now, for the console: every replica's admissions when the limiter is
 * shared, this replica's alone in the local modes.
 *
 * @param inWindow slots in the rolling window that ends now (requests sent or leaving now, HubSpot's count)
 * @param booked slots reserved after now: callers admitted, waiting for their slot
 * @param day requests counted toward the portal's day
 */
public record BudgetUse(long inWindow, long booked, long day) {
}
