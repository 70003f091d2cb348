package ai.mpnas.zoo;

/** The steps of one publish, in order; a test hook runs after each to simulate a crash there. */
enum PublishStep {
    /** The new version and its archive are complete and synced in the staging directory. */
    STAGED,
    /** An existing version (force) was moved into the staging directory. */
    OLD_MOVED_ASIDE,
    /** The new version directory was renamed into place. */
    VERSION_MOVED_IN,
    /** The new archive was renamed into place. */
    ARCHIVE_MOVED_IN,
    /** metadata.json was replaced: the publish is visible and durable. */
    COMMITTED,
    /** The staging directory (and any replaced version) was deleted. */
    CLEANED,
    /** The group's index.json was rewritten. */
    INDEXED
}
