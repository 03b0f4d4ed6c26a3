import type { Database } from "./database.js";

/** The read model's tables as migration 17 found them (later migrations name the tables they add). */
const READ_MODEL_UNTIL_17 = [
  "indexed_members",
  "indexed_operator_keys",
  "indexed_role_holders",
  "indexed_courses",
  "indexed_course_versions",
  "indexed_proposals",
  "indexed_proposal_approvals",
  "indexed_batches",
  "indexed_records",
  "indexed_recognitions",
  "indexed_cost_entries",
  "indexed_periods",
  "indexed_period_totals",
  "indexed_settlements",
  "indexed_member_activity",
];

/** Empties the read model's `tables` and its cursor, so the indexer rebuilds it from the chain (as a reorg does). */
const emptyReadModel = (tables: readonly string[]) => [
  ...tables.map((t) => `DELETE FROM ${t}`),
  `DELETE FROM indexer_cursor`,
];

/** Schema migrations, applied in order once each; written in the SQL both databases share. */
const MIGRATIONS: Array<{ id: number; sql: string[] }> = [
  {
    id: 1,
    sql: [
      `CREATE TABLE IF NOT EXISTS api_keys (
        id TEXT PRIMARY KEY,
        key_hash TEXT NOT NULL UNIQUE,
        label TEXT NOT NULL,
        role TEXT NOT NULL,
        member_id INTEGER,
        created_at TEXT NOT NULL,
        revoked_at TEXT
      )`,
    ],
  },
  {
    id: 2,
    sql: [
      `CREATE TABLE IF NOT EXISTS idempotency_keys (
        api_key_id TEXT NOT NULL,
        idem_key TEXT NOT NULL,
        request_hash TEXT NOT NULL,
        status INTEGER NOT NULL,
        response TEXT NOT NULL,
        created_at TEXT NOT NULL,
        PRIMARY KEY (api_key_id, idem_key)
      )`,
      // The outbox: accepted attestations with the student's private data, which never leaves here.
      `CREATE TABLE IF NOT EXISTS outbox_attestations (
        id TEXT PRIMARY KEY,
        seq INTEGER NOT NULL,
        issuer_id INTEGER NOT NULL,
        home_id INTEGER NOT NULL,
        course_id INTEGER NOT NULL,
        course_version INTEGER NOT NULL,
        term INTEGER NOT NULL,
        credits INTEGER NOT NULL,
        student_ref TEXT NOT NULL,
        grade TEXT NOT NULL,
        completion_date TEXT NOT NULL,
        learner_salt TEXT NOT NULL,
        grade_salt TEXT NOT NULL,
        completion_salt TEXT NOT NULL,
        leaf TEXT NOT NULL UNIQUE,
        status TEXT NOT NULL,
        batch_root TEXT,
        batch_index INTEGER,
        created_at TEXT NOT NULL
      )`,
      `CREATE INDEX IF NOT EXISTS outbox_pending ON outbox_attestations (status, issuer_id, seq)`,
      `CREATE TABLE IF NOT EXISTS outbox_batches (
        root TEXT PRIMARY KEY,
        issuer_id INTEGER NOT NULL,
        count INTEGER NOT NULL,
        status TEXT NOT NULL,
        anchored_block INTEGER,
        created_at TEXT NOT NULL
      )`,
    ],
  },
  {
    id: 3,
    sql: [
      // The index: chain events as rows. Rebuildable from the chain at any time (drop and re-run).
      `CREATE TABLE IF NOT EXISTS chain_events (
        block_number INTEGER NOT NULL,
        log_index INTEGER NOT NULL,
        contract TEXT NOT NULL,
        name TEXT NOT NULL,
        member_id INTEGER,
        args TEXT NOT NULL,
        transaction_hash TEXT NOT NULL,
        PRIMARY KEY (block_number, log_index)
      )`,
      `CREATE INDEX IF NOT EXISTS chain_events_by_name ON chain_events (name, member_id, block_number)`,
      `CREATE TABLE IF NOT EXISTS indexer_cursor (id INTEGER PRIMARY KEY, last_block INTEGER NOT NULL)`,
    ],
  },
  {
    id: 4,
    sql: [
      // Custodial operator keys, each an encrypted JSON keystore (scrypt + AES-128-CTR): never in clear.
      `CREATE TABLE IF NOT EXISTS custodial_keys (member_id INTEGER PRIMARY KEY, address TEXT NOT NULL, keystore TEXT NOT NULL, created_at TEXT NOT NULL)`,
    ],
  },
  {
    id: 5,
    sql: [
      // The gateway's own books, exported to auditors and checked against the chain: cost entries it
      // submitted (amounts as decimal text: exact on both databases) and the reports of periods it closed.
      `CREATE TABLE IF NOT EXISTS cost_entries (
        entry_id TEXT PRIMARY KEY,
        reference TEXT NOT NULL,
        period_id INTEGER NOT NULL,
        member_id INTEGER NOT NULL,
        kind TEXT NOT NULL,
        amount TEXT NOT NULL,
        status TEXT NOT NULL,
        updated_at TEXT NOT NULL
      )`,
      `CREATE TABLE IF NOT EXISTS period_reports (period_id INTEGER PRIMARY KEY, report_hash TEXT NOT NULL, report TEXT NOT NULL, closed_at TEXT NOT NULL)`,
    ],
  },
  {
    id: 6,
    // The hash of the cursor's block: if the chain no longer has it (a node that lost state, a reorg), the index is rebuilt.
    sql: [`ALTER TABLE indexer_cursor ADD COLUMN last_hash TEXT`],
  },
  {
    id: 7,
    // Leaf v2 binds the record's index in its batch, known only when the batcher places it: the learner,
    // grade and completion commitments are kept from acceptance (hashed once) and the leaf is set at placement.
    sql: [`ALTER TABLE outbox_attestations ADD COLUMN commitments TEXT`],
  },
  {
    id: 8,
    sql: [
      // The chain-write journal: every transaction the gateway acknowledged (a 2xx), with what it takes to
      // send it again (sender, target, calldata) and where the chain last had it. A node that lost state
      // gets each lost write once more, in the order they were first acknowledged.
      `CREATE TABLE IF NOT EXISTS chain_writes (
        id TEXT PRIMARY KEY,
        api_key_id TEXT NOT NULL,
        idem_key TEXT NOT NULL,
        route TEXT NOT NULL,
        sender TEXT NOT NULL,
        target TEXT NOT NULL,
        calldata TEXT NOT NULL,
        step INTEGER NOT NULL,
        transaction_hash TEXT NOT NULL,
        block_number INTEGER,
        block_hash TEXT,
        status TEXT NOT NULL,
        resent INTEGER NOT NULL,
        reason TEXT,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
      )`,
      `CREATE INDEX IF NOT EXISTS chain_writes_by_request ON chain_writes (api_key_id, idem_key)`,
      `CREATE INDEX IF NOT EXISTS chain_writes_by_status ON chain_writes (status, block_number)`,
    ],
  },
  {
    id: 9,
    // The hash of the block that anchored a batch: while the chain still has that block, it still has the batch (and every older one).
    sql: [`ALTER TABLE outbox_batches ADD COLUMN anchored_block_hash TEXT`],
  },
  {
    id: 10,
    // Each batch's leaves in index order (JSON), kept apart from its rows when it is formed: an audit
    // names a deleted row by its leaf and still proves every other row of the batch.
    sql: [`ALTER TABLE outbox_batches ADD COLUMN leaves TEXT`],
  },
  {
    id: 11,
    sql: [
      // A batch's rows by its root, in batch order: marking a batch anchored and rebuilding its tree read
      // them without scanning the whole outbox.
      `CREATE INDEX IF NOT EXISTS outbox_by_batch ON outbox_attestations (batch_root, batch_index)`,
      // The next seq at acceptance (MAX(seq)) from the index's end instead of a scan.
      `CREATE INDEX IF NOT EXISTS outbox_by_seq ON outbox_attestations (seq)`,
    ],
  },
  {
    id: 12,
    // The read model: typed tables the indexer folds events into, in the transaction that moves its
    // cursor. Every row is keyed by the SDK's rowKey; list endpoints read them with WHERE and LIMIT.
    sql: [
      `DROP TABLE IF EXISTS chain_events`,
      `DELETE FROM indexer_cursor`,
      `CREATE TABLE indexed_members (key TEXT PRIMARY KEY, member_id INTEGER NOT NULL, name TEXT NOT NULL,
        kind INTEGER NOT NULL, region TEXT NOT NULL, status INTEGER NOT NULL, registered_at_block INTEGER NOT NULL,
        status_changed_at_block INTEGER NOT NULL)`,
      `CREATE INDEX indexed_members_by_id ON indexed_members (member_id)`,
      `CREATE TABLE indexed_operator_keys (key TEXT PRIMARY KEY, account TEXT NOT NULL, member_id INTEGER NOT NULL,
        current INTEGER NOT NULL, added_at_block INTEGER NOT NULL, removed_at_block INTEGER)`,
      `CREATE INDEX indexed_operator_keys_by_member ON indexed_operator_keys (member_id, current, added_at_block)`,
      `CREATE TABLE indexed_role_holders (key TEXT PRIMARY KEY, role TEXT NOT NULL, account TEXT NOT NULL,
        holds INTEGER NOT NULL)`,
      `CREATE TABLE indexed_courses (key TEXT PRIMARY KEY, course_id INTEGER NOT NULL, code TEXT NOT NULL,
        host_member_id INTEGER NOT NULL, latest_version INTEGER NOT NULL, tier INTEGER NOT NULL, status INTEGER NOT NULL,
        credits INTEGER NOT NULL, fee_per_credit TEXT NOT NULL, term INTEGER NOT NULL, seats INTEGER NOT NULL)`,
      `CREATE INDEX indexed_courses_by_id ON indexed_courses (course_id)`,
      `CREATE INDEX indexed_courses_by_host ON indexed_courses (host_member_id, course_id)`,
      `CREATE TABLE indexed_course_versions (key TEXT PRIMARY KEY, course_id INTEGER NOT NULL, version INTEGER NOT NULL,
        host_member_id INTEGER NOT NULL, credits INTEGER NOT NULL, fee_per_credit TEXT NOT NULL, term INTEGER NOT NULL,
        seats INTEGER NOT NULL, tier INTEGER NOT NULL)`,
      `CREATE TABLE indexed_proposals (key TEXT PRIMARY KEY, proposal_id BIGINT NOT NULL, action INTEGER NOT NULL,
        member_id INTEGER NOT NULL, proposer TEXT NOT NULL, approvals INTEGER NOT NULL, executed INTEGER NOT NULL,
        proposed_at_block INTEGER NOT NULL, role TEXT, account TEXT, expires_at BIGINT, charter TEXT)`,
      `CREATE INDEX indexed_proposals_by_id ON indexed_proposals (proposal_id)`,
      `CREATE TABLE indexed_proposal_approvals (key TEXT PRIMARY KEY, proposal_id BIGINT NOT NULL,
        councillor TEXT NOT NULL)`,
      `CREATE INDEX indexed_proposal_approvals_by_proposal ON indexed_proposal_approvals (proposal_id)`,
      `CREATE TABLE indexed_batches (key TEXT PRIMARY KEY, issuer_id INTEGER NOT NULL, root TEXT NOT NULL,
        count INTEGER NOT NULL, anchored_by TEXT NOT NULL, block_number INTEGER NOT NULL)`,
      `CREATE INDEX indexed_batches_by_block ON indexed_batches (block_number)`,
      `CREATE INDEX indexed_batches_by_issuer ON indexed_batches (issuer_id, block_number)`,
      `CREATE TABLE indexed_records (key TEXT PRIMARY KEY, issuer_id INTEGER NOT NULL, root TEXT NOT NULL,
        record_index INTEGER NOT NULL, leaf TEXT NOT NULL, revoked INTEGER NOT NULL, reason_code INTEGER NOT NULL,
        decided INTEGER NOT NULL)`,
      // Covering the inbox's probe: a record's state without reading its row.
      `CREATE INDEX indexed_records_by_position ON indexed_records (issuer_id, root, record_index, decided, revoked)`,
      `CREATE TABLE indexed_recognitions (key TEXT PRIMARY KEY, issuer_id INTEGER NOT NULL, batch_root TEXT NOT NULL,
        record_index INTEGER NOT NULL, leaf TEXT NOT NULL, home_id INTEGER NOT NULL, decision INTEGER NOT NULL,
        recognised_credits INTEGER NOT NULL, fee TEXT NOT NULL, period_id INTEGER NOT NULL,
        block_number INTEGER NOT NULL)`,
      `CREATE TABLE indexed_cost_entries (key TEXT PRIMARY KEY, entry_id TEXT NOT NULL, period_id INTEGER NOT NULL,
        member_id INTEGER NOT NULL, kind TEXT NOT NULL, amount TEXT NOT NULL, status TEXT NOT NULL, reason_code INTEGER,
        evidence_hash TEXT NOT NULL, reverses TEXT NOT NULL, reverses_kind TEXT, claimed_at_block INTEGER NOT NULL)`,
      `CREATE INDEX indexed_cost_entries_in_order ON indexed_cost_entries (claimed_at_block, key)`,
      `CREATE INDEX indexed_cost_entries_by_member ON indexed_cost_entries (member_id, claimed_at_block, key)`,
      `CREATE INDEX indexed_cost_entries_by_period ON indexed_cost_entries (period_id, status, claimed_at_block, key)`,
      `CREATE TABLE indexed_periods (key TEXT PRIMARY KEY, period_id INTEGER NOT NULL, currency TEXT NOT NULL,
        shares TEXT NOT NULL, closed INTEGER NOT NULL, report_hash TEXT, nets TEXT)`,
      `CREATE TABLE indexed_period_totals (key TEXT PRIMARY KEY, period_id INTEGER NOT NULL, member_id INTEGER NOT NULL,
        contributed TEXT NOT NULL, expenses_paid TEXT NOT NULL, fees_receivable TEXT NOT NULL,
        fees_payable TEXT NOT NULL)`,
      `CREATE INDEX indexed_period_totals_by_period ON indexed_period_totals (period_id, member_id)`,
      `CREATE TABLE indexed_settlements (key TEXT PRIMARY KEY, settlement_id BIGINT NOT NULL, period_id INTEGER NOT NULL,
        payer_id INTEGER NOT NULL, payee_id INTEGER NOT NULL, amount TEXT NOT NULL, payment_ref_hash TEXT NOT NULL,
        confirmed INTEGER NOT NULL, recorded_at_block INTEGER NOT NULL)`,
      `CREATE INDEX indexed_settlements_by_id ON indexed_settlements (settlement_id)`,
      `CREATE INDEX indexed_settlements_by_period ON indexed_settlements (period_id, settlement_id)`,
      `CREATE INDEX indexed_settlements_by_state ON indexed_settlements (period_id, confirmed, settlement_id)`,
      `CREATE TABLE indexed_member_activity (key TEXT PRIMARY KEY, member_id INTEGER NOT NULL,
        courses_offered BIGINT NOT NULL, seats_offered BIGINT NOT NULL, students_hosted BIGINT NOT NULL,
        credits_attested BIGINT NOT NULL, credits_recognised BIGINT NOT NULL)`,
      // The recognition inbox: a home school's records in order. Only columns a record never changes, so
      // placing and anchoring rows (ingest's hot path) never touch it.
      `CREATE INDEX outbox_inbox ON outbox_attestations (home_id, seq)`,
    ],
  },
  {
    id: 13,
    // Only pending rows in the batcher's index: placing a row takes it out once, and marking it anchored
    // touches no index (each status change rewrote an entry of the full index, on ingest's hot path).
    sql: [
      `DROP INDEX IF EXISTS outbox_pending`,
      `CREATE INDEX outbox_pending ON outbox_attestations (issuer_id, seq) WHERE status = 'pending'`,
    ],
  },
  {
    id: 14,
    // A course version's title and syllabus: only its hash is on chain, so the text is kept here, and
    // only a text whose hash is the chain's is ever stored.
    sql: [
      `CREATE TABLE IF NOT EXISTS course_texts (
        course_id INTEGER NOT NULL,
        version INTEGER NOT NULL,
        text TEXT NOT NULL,
        PRIMARY KEY (course_id, version)
      )`,
    ],
  },
  {
    id: 15,
    // Share links: a credential as its holder chose to show it (hidden openings already removed), until
    // it expires. Tokens are random; expiry is an ISO instant, compared as text.
    sql: [
      `CREATE TABLE IF NOT EXISTS credential_shares (
        token TEXT PRIMARY KEY,
        leaf TEXT NOT NULL,
        credential TEXT NOT NULL,
        created_at TEXT NOT NULL,
        expires_at TEXT NOT NULL
      )`,
      `CREATE INDEX IF NOT EXISTS credential_shares_expiry ON credential_shares (expires_at)`,
      `CREATE INDEX IF NOT EXISTS credential_shares_leaf ON credential_shares (leaf, expires_at)`,
    ],
  },
  {
    id: 16,
    // Member schools' credential-signing keys (Ed25519): the secret sealed with the gateway's passphrase;
    // every key stays, so what it signed still verifies after a rotation.
    sql: [
      `CREATE TABLE IF NOT EXISTS issuer_keys (
        member_id INTEGER NOT NULL,
        n INTEGER NOT NULL,
        key_id TEXT NOT NULL UNIQUE,
        public_multibase TEXT NOT NULL,
        secret_box TEXT NOT NULL,
        created_at TEXT NOT NULL,
        PRIMARY KEY (member_id, n)
      )`,
      // Each exported credential's bit in its issuer's status list: numbered per issuer from 0, once,
      // at its first export (the primary key makes two exports at once take different bits).
      `CREATE TABLE IF NOT EXISTS status_indexes (
        issuer_id INTEGER NOT NULL,
        idx INTEGER NOT NULL,
        attestation_id TEXT NOT NULL UNIQUE,
        PRIMARY KEY (issuer_id, idx)
      )`,
    ],
  },
  {
    id: 17,
    // Shared resources and their uses in the read model. Resource events indexed before these tables
    // existed were folded only for their fees, so the read model is emptied and rebuilt from the chain
    // (as a reorg does): every table and the cursor.
    sql: [
      ...emptyReadModel(READ_MODEL_UNTIL_17),
      `CREATE TABLE indexed_resources (key TEXT PRIMARY KEY, resource_id INTEGER NOT NULL,
        host_member_id INTEGER NOT NULL, kind INTEGER NOT NULL, kind_code TEXT NOT NULL, status INTEGER NOT NULL,
        latest_version INTEGER NOT NULL, unit INTEGER NOT NULL, price_per_unit TEXT NOT NULL, capacity INTEGER NOT NULL,
        terms_hash TEXT NOT NULL, published_at_block INTEGER NOT NULL)`,
      `CREATE INDEX indexed_resources_by_id ON indexed_resources (resource_id)`,
      `CREATE INDEX indexed_resources_by_host ON indexed_resources (host_member_id, resource_id)`,
      `CREATE TABLE indexed_resource_versions (key TEXT PRIMARY KEY, resource_id INTEGER NOT NULL,
        version INTEGER NOT NULL, unit INTEGER NOT NULL, price_per_unit TEXT NOT NULL, capacity INTEGER NOT NULL,
        terms_hash TEXT NOT NULL)`,
      `CREATE TABLE indexed_resource_uses (key TEXT PRIMARY KEY, use_id BIGINT NOT NULL, resource_id INTEGER NOT NULL,
        version INTEGER NOT NULL, user_id INTEGER NOT NULL, host_member_id INTEGER NOT NULL, status INTEGER NOT NULL,
        quantity INTEGER NOT NULL, delivered_quantity INTEGER NOT NULL, billed_quantity INTEGER NOT NULL,
        start_day INTEGER NOT NULL, end_day INTEGER NOT NULL, price_per_unit TEXT NOT NULL, unit INTEGER NOT NULL,
        fee TEXT NOT NULL, period_id INTEGER NOT NULL, user_person_commitment TEXT NOT NULL,
        host_person_commitment TEXT NOT NULL, disputed_by INTEGER, requested_at_block INTEGER NOT NULL,
        updated_at_block INTEGER NOT NULL)`,
      `CREATE INDEX indexed_resource_uses_by_id ON indexed_resource_uses (use_id)`,
      `CREATE INDEX indexed_resource_uses_by_user ON indexed_resource_uses (user_id, use_id)`,
      `CREATE INDEX indexed_resource_uses_by_host ON indexed_resource_uses (host_member_id, use_id)`,
      // The people behind the salted commitments (a seconded teacher, an intern), kept only for the
      // member that supplied them: the reference and its salt never reach the chain.
      `CREATE TABLE IF NOT EXISTS resource_use_persons (
        use_id TEXT NOT NULL,
        member_id INTEGER NOT NULL,
        person_ref TEXT NOT NULL,
        salt TEXT NOT NULL,
        commitment TEXT NOT NULL,
        PRIMARY KEY (use_id, member_id)
      )`,
    ],
  },
  {
    id: 18,
    // The charter's terms: income in period totals, period and course-version blocks (performance counts
    // per period), the terms a proposal carries, decided shares and low contributors. Earlier rows lack
    // them, so the read model is rebuilt from the chain once more.
    sql: [
      ...emptyReadModel([
        ...READ_MODEL_UNTIL_17,
        "indexed_resources",
        "indexed_resource_versions",
        "indexed_resource_uses",
      ]),
      `ALTER TABLE indexed_period_totals ADD COLUMN income_received TEXT NOT NULL DEFAULT '0'`,
      `ALTER TABLE indexed_periods ADD COLUMN opened_at_block INTEGER NOT NULL DEFAULT 0`,
      `ALTER TABLE indexed_periods ADD COLUMN closed_at_block INTEGER`,
      `ALTER TABLE indexed_periods ADD COLUMN judged TEXT`,
      `ALTER TABLE indexed_course_versions ADD COLUMN published_at_block INTEGER NOT NULL DEFAULT 0`,
      `ALTER TABLE indexed_proposals ADD COLUMN terms TEXT`,
      `CREATE TABLE indexed_decided_shares (key TEXT PRIMARY KEY, period_id INTEGER NOT NULL,
        proposal_id TEXT NOT NULL, shares TEXT NOT NULL)`,
      `CREATE TABLE indexed_low_contributions (key TEXT PRIMARY KEY, period_id INTEGER NOT NULL,
        member_id INTEGER NOT NULL, index_permille INTEGER NOT NULL, consecutive_periods INTEGER NOT NULL,
        suspension_proposal_id TEXT)`,
      `CREATE INDEX indexed_low_contributions_by_period ON indexed_low_contributions (period_id, member_id)`,
      `CREATE TABLE indexed_contribution_rule (key TEXT PRIMARY KEY, proposal_id TEXT NOT NULL,
        min_index_permille INTEGER NOT NULL, periods_before_suspension INTEGER NOT NULL,
        min_period_days INTEGER NOT NULL)`,
    ],
  },
  {
    id: 19,
    sql: [
      // Each served member's keys for other gateways (sealed like the credential-signing keys).
      `CREATE TABLE IF NOT EXISTS transport_keys (
        member_id INTEGER NOT NULL,
        n INTEGER NOT NULL,
        signing_public TEXT NOT NULL UNIQUE,
        signing_secret TEXT NOT NULL,
        encryption_public TEXT NOT NULL UNIQUE,
        encryption_secret TEXT NOT NULL,
        created_at TEXT NOT NULL,
        PRIMARY KEY (member_id, n)
      )`,
      // Other members' batches this gateway's home schools have records in, and where fetching them stands.
      `CREATE TABLE IF NOT EXISTS inbound_batches (
        root TEXT PRIMARY KEY,
        issuer_id INTEGER NOT NULL,
        count INTEGER NOT NULL,
        status TEXT NOT NULL,
        attestations TEXT,
        attempts INTEGER NOT NULL,
        next_attempt_at TEXT NOT NULL,
        last_error TEXT,
        problems TEXT,
        updated_at TEXT NOT NULL
      )`,
      `CREATE INDEX IF NOT EXISTS inbound_batches_due ON inbound_batches (status, next_attempt_at)`,
      // Records received from issuers' gateways, verified against the chain, keyed by leaf: a retry or a
      // crash mid-import never stores one twice.
      `CREATE TABLE IF NOT EXISTS inbound_attestations (
        leaf TEXT PRIMARY KEY,
        issuer_id INTEGER NOT NULL,
        home_id INTEGER NOT NULL,
        batch_root TEXT NOT NULL,
        batch_index INTEGER NOT NULL,
        course_id INTEGER NOT NULL,
        course_version INTEGER NOT NULL,
        term INTEGER NOT NULL,
        credits INTEGER NOT NULL,
        student_ref TEXT NOT NULL,
        completion_date TEXT NOT NULL,
        file TEXT NOT NULL,
        received_at TEXT NOT NULL
      )`,
      `CREATE INDEX IF NOT EXISTS inbound_attestations_inbox ON inbound_attestations (home_id, received_at, batch_index)`,
    ],
  },
  {
    id: 20,
    // A holder withdraws a share link with the key it was given (only its SHA-256 is kept); a withdrawn
    // share keeps no credential.
    sql: [
      `ALTER TABLE credential_shares ADD COLUMN withdraw_hash TEXT`,
      `ALTER TABLE credential_shares ADD COLUMN withdrawn_at TEXT`,
    ],
  },
];

export async function migrate(db: Database): Promise<void> {
  await db.query(
    "migrate.table",
    "CREATE TABLE IF NOT EXISTS schema_migrations (id INTEGER PRIMARY KEY, applied_at TEXT NOT NULL)",
  );
  const done = new Set(
    (await db.query<{ id: number }>("migrate.applied", "SELECT id FROM schema_migrations")).map((r) => Number(r.id)),
  );
  for (const m of MIGRATIONS) {
    if (done.has(m.id)) continue;
    for (const statement of m.sql) await db.query(`migrate.${m.id}`, statement);
    await db.query("migrate.record", "INSERT INTO schema_migrations (id, applied_at) VALUES ($1, $2)", [
      m.id,
      new Date().toISOString(),
    ]);
  }
}
