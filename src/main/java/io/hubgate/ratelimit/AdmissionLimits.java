package io.hubgate.ratelimit;

import java.time.Instant;

/**
 * Everything one decision needs, in µs and counts: exactly the script's arguments, so that the Lua script and
 * {@link AdmissionModel} compute from the same inputs.
 *
 * @param limit                  L, requests per window per (app, portal)
 * @param reservedForInteractive slots per window bulk may not take: L − ⌊L·(1 − reserve)⌋
 * @param windowUs               W + δ
 * @param maxWaitUs              the lane's max wait
 * @param dailyLimit             per portal and day; ≤ 0 means none
 * @param tzOffsetSeconds        the portal's UTC offset now, which decides where its day starts
 * @param searchLimit            searches per search window per portal
 * @param searchWindowUs         1 s + δ
 * @param searchCountsTowardBurst whether a search also takes a slot in the (app, portal) window
 * @param spacingUs              least distance between two slots of one lane (0: none): the spacing's fraction of
 *                               W / L, at most δ / 4
 * @param marginUs               δ
 */
record AdmissionLimits(int limit, int reservedForInteractive, long windowUs, long maxWaitUs, long dailyLimit,
    long tzOffsetSeconds, int searchLimit, long searchWindowUs, boolean searchCountsTowardBurst, long spacingUs,
    long marginUs) {

  static final long SEARCH_WINDOW_US = 1_000_000;

  static AdmissionLimits of(PortalBudget budget, LimiterSettings settings, Lane lane) {
    long marginUs = settings.safetyMargin().toNanos() / 1_000;
    int bulkLimit = Math.max(1, (int) Math.floor(budget.burstLimit() * (1 - settings.interactiveReserve())));
    return new AdmissionLimits(
        budget.burstLimit(),
        budget.burstLimit() - bulkLimit,
        budget.window().toNanos() / 1_000 + marginUs,
        settings.maxWait(lane).toNanos() / 1_000,
        budget.dailyLimit(),
        budget.dailyResetZone().getRules().getOffset(Instant.now()).getTotalSeconds(),
        budget.searchPerSecond(),
        SEARCH_WINDOW_US + marginUs,
        settings.searchCountsTowardBurst(),
        // pacing only has to keep a burst's send lag well inside δ: never more than δ / 4 apart (a budget of 2 per
        // 10 s would otherwise be paced 1.25 s apart for nothing)
        Math.min((long) (budget.window().toNanos() / 1_000 / budget.burstLimit() * settings.spacing()), marginUs / 4),
        marginUs);
  }

  /** This replica's share while Redis is unreachable: ⌊L / N⌋ (at least 1), and a share of what is left of the day. */
  AdmissionLimits share(int replicas, long dailyUsedSoFar) {
    long dailyShare = dailyLimit <= 0 ? dailyLimit : Math.max(1, (dailyLimit - Math.min(dailyLimit, dailyUsedSoFar)) / replicas);
    int limitShare = Math.max(1, limit / replicas);
    int bulkShare = Math.max(1, (limit - reservedForInteractive) / replicas);
    return new AdmissionLimits(limitShare, limitShare - Math.min(limitShare, bulkShare), windowUs, maxWaitUs,
        dailyShare, tzOffsetSeconds, Math.max(1, searchLimit / replicas), searchWindowUs, searchCountsTowardBurst,
        spacingUs * replicas, marginUs);
  }

  AdmissionLimits withMaxWait(long us) {
    return new AdmissionLimits(limit, reservedForInteractive, windowUs, us, dailyLimit, tzOffsetSeconds, searchLimit,
        searchWindowUs, searchCountsTowardBurst, spacingUs, marginUs);
  }
}
