/**
 * The SQLite feedback-store file format (meta.kind 'rewardlab-feedback-store'). Version 1 is the
 * format of the retired synchronous store (RewardLab before the FeedbackStore contract); version 2 adds the `folds` table (append-only) and the indexes that let
 * `addFeedback`, `pendingQueries` and `retractLast` answer from an index instead of a scan.
 * `MIGRATE_1_TO_2` runs in one transaction when a version-1 file is opened for writing.
 */
export const KIND = 'rewardlab-feedback-store';
export const VERSION = 2;

const V1 = `
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE queries (id TEXT PRIMARY KEY, kind TEXT NOT NULL, payload TEXT NOT NULL, created_at INTEGER NOT NULL);
CREATE TABLE feedback (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  query_id TEXT NOT NULL REFERENCES queries(id),
  kind TEXT NOT NULL,
  labeler TEXT NOT NULL,
  answer TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  checksum TEXT NOT NULL,
  UNIQUE (query_id, labeler, seq)
);
CREATE TABLE retractions (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  feedback_seq INTEGER NOT NULL UNIQUE REFERENCES feedback(seq),
  labeler TEXT NOT NULL,
  created_at INTEGER NOT NULL
);
CREATE TRIGGER retractions_no_update BEFORE UPDATE ON retractions BEGIN SELECT RAISE(ABORT, 'retractions are append-only'); END;
CREATE TRIGGER retractions_no_delete BEFORE DELETE ON retractions BEGIN SELECT RAISE(ABORT, 'retractions are append-only'); END;
CREATE TRIGGER feedback_no_update BEFORE UPDATE ON feedback BEGIN SELECT RAISE(ABORT, 'feedback is append-only'); END;
CREATE TRIGGER feedback_no_delete BEFORE DELETE ON feedback BEGIN SELECT RAISE(ABORT, 'feedback is append-only'); END;
CREATE TRIGGER queries_no_update BEFORE UPDATE ON queries BEGIN SELECT RAISE(ABORT, 'queries are append-only'); END;
CREATE TRIGGER queries_no_delete BEFORE DELETE ON queries BEGIN SELECT RAISE(ABORT, 'queries are append-only'); END;
`;

export const MIGRATE_1_TO_2 = `
CREATE TABLE folds (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  round INTEGER NOT NULL,
  feedback_upto INTEGER NOT NULL,
  retraction_upto INTEGER NOT NULL,
  created_at INTEGER NOT NULL
);
CREATE TRIGGER folds_no_update BEFORE UPDATE ON folds BEGIN SELECT RAISE(ABORT, 'folds are append-only'); END;
CREATE TRIGGER folds_no_delete BEFORE DELETE ON folds BEGIN SELECT RAISE(ABORT, 'folds are append-only'); END;
CREATE INDEX IF NOT EXISTS feedback_query ON feedback(query_id);
CREATE INDEX IF NOT EXISTS feedback_labeler ON feedback(labeler, seq);
-- retractions(feedback_seq) is indexed by its UNIQUE constraint already (sqlite_autoindex_retractions_1).
UPDATE meta SET value = '2' WHERE key = 'version';
`;

/** A fresh version-2 file: version 1 plus the migration (meta rows are inserted by the opener). */
export const SCHEMA = V1 + MIGRATE_1_TO_2;

/** The version-1 schema alone, for the migration test. */
export const SCHEMA_V1 = V1;

/** `f` is an answer that has not been retracted (indexed on retractions.feedback_seq). */
export const LIVE = 'NOT EXISTS (SELECT 1 FROM retractions r WHERE r.feedback_seq = f.seq)';
