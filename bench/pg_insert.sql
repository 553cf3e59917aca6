-- pg_insert.sql - pgbench's transaction for bench/run.py: PostgreSQL's own
-- durable insert rate, the reference for POST /api/v1/sessions on
-- PostgreSQL (as bench/raw_insert is on SQLite). One row per transaction
-- (autocommit), shaped like the rows POST writes: a UUID as text, the
-- numbers of a session, a spasms list (the column's default, since pgbench
-- would read its colons as variables) and a sealed 40-character note's 80
-- bytes (24 nonce + 40 text + 16 tag). bench/run.py makes the table
-- (raw_practice_sessions, pace's practice_sessions with its index and
-- foreign key) afresh before each run.
\set t random(1000000000, 2000000000)
INSERT INTO raw_practice_sessions (id, user_id, started_at, duration_s, dilator_id,
    diameter_mm, temperature, lubricant, with_partner, exercises, before_fear,
    before_tension, before_pain, after_fear, after_tension, after_pain, max_pain,
    outcome, felt_safe, helped, safety, note_enc, created_at, updated_at)
  VALUES (gen_random_uuid()::text, 1, :t, 900, 'fms-16', 16, 'warm', 'water', 0, 3, 5,
    4, 3, 3, 2, 2, 4, 'completed', 1, 1, 0,
    decode('2c2f9e606ea31d98422ef20f4b49f243e06bb0340e1256e0decc7a115be0fe1ea059b9b278097ff8e7b42f0751c35c0c46e86be09a34d161064f94c4066e3259d4e25d6549a4f1818d7aeebe47200514', 'hex'),
    :t, :t);
