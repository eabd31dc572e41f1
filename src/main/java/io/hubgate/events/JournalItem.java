package io.hubgate.events;

/** What a journal reader hands on: an event, or the range of events it can no longer have. */
sealed interface JournalItem permits JournalEntry, JournalGap {
}
