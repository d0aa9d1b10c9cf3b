/**
 * Versioned schema. Each migration runs once, in order, inside a transaction; `user_version`
 * records how far a database has come. Never edit a shipped migration: append a new one.
 */
export const MIGRATIONS: { version: number; sql: string }[] = [
  {
    version: 1,
    sql: `
      CREATE TABLE recordings (
        id TEXT PRIMARY KEY,
        name TEXT NOT NULL,
        media_path TEXT NOT NULL,
        transcript_path TEXT,
        duration_ms INTEGER NOT NULL,
        start_offset_ms INTEGER NOT NULL DEFAULT 0,
        has_video INTEGER NOT NULL,
        has_audio INTEGER NOT NULL,
        width INTEGER,
        height INTEGER,
        probe_json TEXT NOT NULL,
        imported_at TEXT NOT NULL
      );
      CREATE TABLE segments (
        id TEXT PRIMARY KEY,
        recording_id TEXT NOT NULL REFERENCES recordings(id) ON DELETE CASCADE,
        start_ms INTEGER NOT NULL,
        end_ms INTEGER NOT NULL,
        speaker TEXT,
        text TEXT NOT NULL DEFAULT '',
        created_at TEXT NOT NULL,
        CHECK (end_ms > start_ms)
      );
      CREATE INDEX segments_by_time ON segments(recording_id, start_ms);
      -- Append-only: the current label of a segment is its latest event; a NULL score clears it.
      CREATE TABLE label_events (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        segment_id TEXT NOT NULL,
        score REAL,
        note TEXT,
        at TEXT NOT NULL,
        source TEXT NOT NULL DEFAULT 'analyst'
      );
      CREATE INDEX label_events_by_segment ON label_events(segment_id, seq);
      CREATE VIEW labels AS
        SELECT e.segment_id, e.score, e.note, e.at AS updated_at
        FROM label_events e
        JOIN (SELECT segment_id, MAX(seq) AS seq FROM label_events GROUP BY segment_id) last
          ON last.seq = e.seq
        WHERE e.score IS NOT NULL;
      CREATE TABLE waveform_peaks (
        recording_id TEXT NOT NULL REFERENCES recordings(id) ON DELETE CASCADE,
        peaks_per_second INTEGER NOT NULL,
        data BLOB NOT NULL,
        PRIMARY KEY (recording_id, peaks_per_second)
      );
      -- Features are keyed by content, not by segment id, so a split or merge recomputes only the
      -- windows that changed.
      CREATE TABLE features (
        recording_id TEXT NOT NULL REFERENCES recordings(id) ON DELETE CASCADE,
        start_ms INTEGER NOT NULL,
        end_ms INTEGER NOT NULL,
        modality TEXT NOT NULL,
        extractor_version TEXT NOT NULL,
        data BLOB NOT NULL,
        names_json TEXT,
        provider TEXT,
        computed_at TEXT NOT NULL,
        PRIMARY KEY (recording_id, start_ms, end_ms, modality, extractor_version)
      );
      CREATE TABLE model_versions (
        id TEXT PRIMARY KEY,
        created_at TEXT NOT NULL,
        parent TEXT,
        active INTEGER NOT NULL DEFAULT 0,
        source TEXT NOT NULL,
        dir TEXT NOT NULL,
        config_json TEXT NOT NULL DEFAULT '{}',
        metrics_json TEXT NOT NULL DEFAULT '{}',
        data_summary_json TEXT NOT NULL DEFAULT '{}'
      );
      CREATE TABLE predictions (
        segment_id TEXT NOT NULL,
        model_version TEXT NOT NULL,
        text REAL NOT NULL,
        audio REAL NOT NULL,
        video REAL NOT NULL,
        fused REAL NOT NULL,
        confidence REAL NOT NULL,
        created_at TEXT NOT NULL,
        PRIMARY KEY (segment_id, model_version)
      );
      CREATE TABLE jobs (
        id TEXT PRIMARY KEY,
        kind TEXT NOT NULL,
        state TEXT NOT NULL,
        stage TEXT NOT NULL DEFAULT '',
        done REAL NOT NULL DEFAULT 0,
        total REAL NOT NULL DEFAULT 0,
        message TEXT,
        params_json TEXT NOT NULL DEFAULT '{}',
        result_json TEXT,
        started_at TEXT NOT NULL,
        finished_at TEXT
      );
    `,
  },
  {
    // The sd of each head's predictive distribution (JSON {text,audio,video,fused}; null = no spread).
    version: 2,
    sql: `ALTER TABLE predictions ADD COLUMN spread_json TEXT;`,
  },
  {
    // Who runs a job (JSON {host,pid,start}, service/process-owner.ts): only a job whose owner is
    // gone is marked interrupted by the next process; NULL (older rows) counts as gone.
    version: 3,
    sql: `ALTER TABLE jobs ADD COLUMN owner_json TEXT;`,
  },
  {
    // What a merge replaced (both segment rows, their predictions, the first one's label), so that
    // undo puts back exactly those rows (service/segment-edits.ts unmergeSegments).
    version: 4,
    sql: `
      CREATE TABLE segment_merges (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        segment_id TEXT NOT NULL,
        swallowed_id TEXT NOT NULL,
        before_json TEXT NOT NULL,
        merged_json TEXT NOT NULL,
        at TEXT NOT NULL
      );
      CREATE INDEX segment_merges_by_pair ON segment_merges(segment_id, swallowed_id, seq);
    `,
  },
  {
    // Corpus batches (issue 17, service/batch-job.ts): which recording a media (+ transcript) content
    // became, so a retried or repeated batch never imports it twice, and the outcome per content and
    // model version, so a rerun skips what is done (store/batch.ts).
    version: 5,
    sql: `
      CREATE TABLE batch_recordings (
        content_hash TEXT PRIMARY KEY,
        recording_id TEXT NOT NULL UNIQUE REFERENCES recordings(id) ON DELETE CASCADE,
        media_path TEXT NOT NULL,
        transcript_path TEXT,
        imported_at TEXT NOT NULL
      );
      CREATE TABLE batch_results (
        key TEXT PRIMARY KEY,
        content_hash TEXT NOT NULL,
        model_version TEXT NOT NULL,
        recording_id TEXT,
        media_path TEXT NOT NULL,
        state TEXT NOT NULL CHECK (state IN ('done', 'failed')),
        segments INTEGER,
        predicted INTEGER,
        error TEXT,
        attempts INTEGER NOT NULL DEFAULT 1,
        worker TEXT,
        finished_at TEXT NOT NULL
      );
      CREATE INDEX batch_results_by_content ON batch_results(content_hash);
    `,
  },
  {
    // The analyst's undo history (issue 18, item 7), one row per project: the window's command
    // objects as JSON (contract UndoStackSchema), so Ctrl+Z still works after a reload or a restart.
    version: 6,
    sql: `
      CREATE TABLE undo_history (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        stack_json TEXT NOT NULL,
        updated_at TEXT NOT NULL
      );
    `,
  },
  {
    // Several analysts on one project (issue 16): each label event names who made it. Events from
    // before names existed belong to 'unknown', so nothing is lost. The project's current label (the
    // labels view) is unchanged; annotator_labels is each annotator's own current label.
    version: 7,
    sql: `
      ALTER TABLE label_events ADD COLUMN annotator TEXT NOT NULL DEFAULT 'unknown';
      CREATE INDEX label_events_by_annotator ON label_events(annotator, segment_id, seq);
      CREATE VIEW annotator_labels AS
        SELECT e.segment_id, e.annotator, e.score, e.note, e.at AS updated_at
        FROM label_events e
        JOIN (SELECT segment_id, annotator, MAX(seq) AS seq FROM label_events GROUP BY segment_id, annotator) last
          ON last.seq = e.seq
        WHERE e.score IS NOT NULL;
      -- Project-wide choices kept with the data (the gold-label rule), as JSON per key.
      CREATE TABLE project_settings (
        key TEXT PRIMARY KEY,
        value_json TEXT NOT NULL
      );
    `,
  },
  {
    // A corpus's whole picture (issue 17, `attune batch status`, the Library's corpus view): every
    // import keys its content, so a batch never imports again what `attune import` brought in
    // (origin says which made it); batch_items is what batches were asked to do, so what is not
    // done yet is known (pending) and not only what finished.
    version: 8,
    sql: `
      ALTER TABLE batch_recordings ADD COLUMN origin TEXT NOT NULL DEFAULT 'batch' CHECK (origin IN ('batch', 'import'));
      CREATE TABLE batch_items (
        key TEXT PRIMARY KEY,
        content_hash TEXT NOT NULL,
        model_version TEXT NOT NULL,
        media_path TEXT NOT NULL,
        transcript_path TEXT,
        speaker_map TEXT,
        added_at TEXT NOT NULL
      );
      CREATE INDEX batch_items_by_content ON batch_items(content_hash);
    `,
  },
  {
    // Each recording's language (issue 15): set at import or detected from its transcript. Existing
    // recordings are detected here from their segments' text (attune_detect_language, registered by
    // migrate() as shared/text/language.ts detectLanguage); one without text is 'en'.
    version: 9,
    sql: `
      ALTER TABLE recordings ADD COLUMN language TEXT NOT NULL DEFAULT 'en' CHECK (language IN ('en', 'ja'));
      UPDATE recordings SET language = attune_detect_language(COALESCE((SELECT group_concat(text, ' ') FROM segments WHERE recording_id = recordings.id), ''));
    `,
  },
];

export const SCHEMA_VERSION = MIGRATIONS[MIGRATIONS.length - 1].version;
