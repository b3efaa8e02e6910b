-- Desk-at-scale data set: staff in queues, contacts, conversations and messages over a period, in set-based SQL.
-- Reproducible: every "random" choice is a hash of the row number and the seed (no random(), no dependence on
-- plan or parallelism), so the same settings give the same data. Runs on a migrated WhatsSuite database that has
-- its seeded ADMIN (whose password hash every generated staff member gets, so the benchmark signs in as them).
--
-- Settings (SET bench.<name> = '...' before running; defaults in brackets):
--   bench.seed [42]  bench.admin_email [admin@bench.whatssuite.local]
--   bench.queues [20]  bench.supervisors [10]  bench.agents [200]  bench.connections [4]
--   bench.contacts [50000]  bench.conversations [100000]  bench.messages [1000000]  bench.days [90]
--   bench.busy_messages [500]  messages of the one busy conversation (for the deep messages page)
--   bench.campaigns [30]  bench.campaign_recipients [5000]  campaigns over the period, and the contacts each one reaches
-- Used by bench/scale/run.sh and by the plan tests (tests/Api.IntegrationTests/Conversations/ConversationPlanTests.cs).

CREATE OR REPLACE FUNCTION pg_temp.setting(name text, fallback text) RETURNS text LANGUAGE sql STABLE AS
$$ SELECT coalesce(nullif(current_setting('bench.' || name, true), ''), fallback) $$;

-- A uniform number in [0, 1) from a row number and a salt, and a deterministic uuid for (kind, row number). The
-- seed is written into their bodies so that they stay plain immutable expressions the planner inlines.
DO $$
DECLARE seed bigint := pg_temp.setting('seed', '42')::bigint;
BEGIN
    EXECUTE format('CREATE OR REPLACE FUNCTION pg_temp.h(i bigint, salt int) RETURNS float8 LANGUAGE sql IMMUTABLE AS '
        '$f$ SELECT ((hashint8extended(i, salt + %s) & 2147483647)::float8) / 2147483648.0 $f$', seed * 1000);
    EXECUTE format('CREATE OR REPLACE FUNCTION pg_temp.id(kind text, i bigint) RETURNS uuid LANGUAGE sql IMMUTABLE AS '
        '$f$ SELECT md5(%L || kind || '':'' || i)::uuid $f$', seed::text || ':');
END $$;

-- The search normalization of the product (ConversationSearchText) for the characters this generator writes.
CREATE OR REPLACE FUNCTION pg_temp.norm(t text) RETURNS text LANGUAGE sql IMMUTABLE AS
$$ SELECT lower(translate(t, 'ÁÀÂÃÄÉÈÊËÍÌÎÏÓÒÔÕÖÚÙÛÜÑÇáàâãäéèêëíìîïóòôõöúùûüñç', 'AAAAAEEEEIIIIOOOOOUUUUNCaaaaaeeeeiiiiooooouuuunc')) $$;

CREATE TEMP TABLE p AS SELECT
    pg_temp.setting('queues', '20')::int AS queues,
    pg_temp.setting('supervisors', '10')::int AS supervisors,
    pg_temp.setting('agents', '200')::int AS agents,
    pg_temp.setting('connections', '4')::int AS connections,
    pg_temp.setting('contacts', '50000')::int AS contacts,
    pg_temp.setting('conversations', '100000')::int AS conversations,
    pg_temp.setting('messages', '1000000')::bigint AS messages,
    pg_temp.setting('days', '90')::int AS days,
    pg_temp.setting('busy_messages', '500')::int AS busy_messages,
    (SELECT password_hash FROM users WHERE normalized_email = lower(pg_temp.setting('admin_email', 'admin@bench.whatssuite.local'))) AS password_hash,
    date_trunc('minute', now()) AS now;

DO $$ BEGIN
    IF (SELECT password_hash FROM p) IS NULL THEN
        RAISE EXCEPTION 'the ADMIN named by bench.admin_email does not exist: start the API once first';
    END IF;
    IF (SELECT conversations > contacts::bigint * connections FROM p) THEN
        RAISE EXCEPTION 'bench.conversations must not exceed bench.contacts * bench.connections (one conversation per contact and number)';
    END IF;
END $$;

-- Words of the messages. The rare word appears in ~0.1% of the messages, the common one (with an accent, as
-- customers write it) in ~10%.
CREATE TEMP TABLE words AS SELECT array[
    'hola','buenas','gracias','pedido','factura','pago','tarjeta','cuenta','cliente','servicio','consulta','problema',
    'entrega','direccion','horario','sucursal','producto','precio','oferta','descuento','cambio','devolucion','garantia',
    'reclamo','numero','codigo','fecha','semana','manana','tarde','noche','ayer','hoy','ahora','rapido','urgente',
    'necesito','quiero','puedo','tienen','hay','esta','estoy','llego','salio','paso','dijeron','mandaron','recibi',
    'olá','obrigado','pedido','entrega','cartão','conta','preço','hello','thanks','order','invoice','payment','delivery',
    'please','status','tracking','refund','support','question','today','tomorrow','address','phone','email','plan',
    'internet','linea','movil','señal','router','tecnico','visita','turno','reserva','mesa','menu','comida','bebida'
]::text[] AS w;

CREATE TABLE IF NOT EXISTS bench_facts (name text PRIMARY KEY, value text NOT NULL);
INSERT INTO bench_facts (name, value) VALUES ('rare_word', 'zanahoria'), ('common_word', 'envio')
ON CONFLICT (name) DO UPDATE SET value = excluded.value;

-- 10,000 sentences of 6-12 words; each message takes one (the rare and the common word are added per message).
CREATE TEMP TABLE sentences AS
SELECT n, array_to_string(array(
           SELECT words.w[1 + floor(pg_temp.h(n * 16 + k, 9) * array_length(words.w, 1))::int]
           FROM words, generate_series(1, 6 + floor(pg_temp.h(n, 10) * 7)::int) k), ' ') AS text
FROM generate_series(0, 9999) n;
ALTER TABLE sentences ADD PRIMARY KEY (n);

-- Staff, queues, memberships: supervisor s of queues 2s and 2s+1 (mod queues); agent a of queues a and a+7 (mod queues).
INSERT INTO queues (id, name, normalized_name, description, strategy, agent_capacity, created_at, updated_at)
SELECT pg_temp.id('queue', q), 'Bench queue ' || lpad(q::text, 3, '0'), 'bench queue ' || lpad(q::text, 3, '0'), NULL, 'Manual', 5, p.now - make_interval(days => p.days + 1), p.now - make_interval(days => p.days + 1)
FROM p, generate_series(0, p.queues - 1) q;

INSERT INTO users (id, email, normalized_email, full_name, role, is_active, password_hash, must_change_password, created_at, updated_at)
SELECT pg_temp.id('supervisor', s), 'supervisor-' || lpad(s::text, 3, '0') || '@bench.whatssuite.local', 'supervisor-' || lpad(s::text, 3, '0') || '@bench.whatssuite.local',
       'Supervisor ' || s, 'SUPERVISOR', true, p.password_hash, false, p.now, p.now
FROM p, generate_series(0, p.supervisors - 1) s
UNION ALL
SELECT pg_temp.id('agent', a), 'agent-' || lpad(a::text, 3, '0') || '@bench.whatssuite.local', 'agent-' || lpad(a::text, 3, '0') || '@bench.whatssuite.local',
       'Agent ' || a, 'AGENTE', true, p.password_hash, false, p.now, p.now
FROM p, generate_series(0, p.agents - 1) a;

INSERT INTO queue_members (queue_id, user_id, added_at)
SELECT DISTINCT pg_temp.id('queue', q), pg_temp.id('supervisor', s), p.now
FROM p, generate_series(0, p.supervisors - 1) s, LATERAL (VALUES ((2 * s) % p.queues), ((2 * s + 1) % p.queues)) AS m(q)
UNION
SELECT pg_temp.id('queue', q), pg_temp.id('agent', a), p.now
FROM p, generate_series(0, p.agents - 1) a, LATERAL (VALUES (a % p.queues), ((a + 7) % p.queues)) AS m(q);

-- Business numbers: connection c serves the queues q with q mod connections = c.
INSERT INTO connections (id, name, normalized_name, provider, phone_number_id, display_number, access_token_protected, app_secret_protected,
                         webhook_verify_token_protected, send_rate_limit_per_second, status, created_at, updated_at)
SELECT pg_temp.id('connection', c), 'Bench line ' || c, 'bench line ' || c, 'Sandbox', 'bench-pn-' || c, '5411' || lpad(c::text, 8, '0'),
       'not-a-secret', 'not-a-secret', 'not-a-secret', 80, 'Active', p.now - make_interval(days => p.days + 1), p.now - make_interval(days => p.days + 1)
FROM p, generate_series(0, p.connections - 1) c;

INSERT INTO connection_queues (connection_id, queue_id, linked_at)
SELECT pg_temp.id('connection', q % p.connections), pg_temp.id('queue', q), p.now FROM p, generate_series(0, p.queues - 1) q;

-- Contacts: Spanish/Portuguese names with accents, numbers 549 + 10 digits. Counted once afterwards rather than by the
-- counters' trigger row by row (ADR 0058; a database migrated to an earlier point has no counters).
DO $$ BEGIN IF to_regclass('contact_counts') IS NOT NULL THEN ALTER TABLE contacts DISABLE TRIGGER contacts_counts; END IF; END $$;
INSERT INTO contacts (id, wa_id, profile_name, display_name, tags, opted_out, created_at, updated_at)
SELECT pg_temp.id('contact', k), '549' || lpad((1100000000 + k)::text, 10, '0'),
       (array['José','María','Juan','Lucía','João','Ana','Pedro','Sofía','Martín','Camila','Andrés','Valentina','Raúl','Inés','Tomás','Julián'])[1 + floor(pg_temp.h(k, 1) * 16)::int]
         || ' ' || (array['Pérez','González','Rodríguez','Fernández','López','Martínez','Gómez','Díaz','Peña','Muñoz','Álvarez','Romero','Silva','Souza','Núñez','Castro'])[1 + floor(pg_temp.h(k, 2) * 16)::int],
       NULL, '{}', false, p.now - make_interval(days => p.days), p.now - make_interval(days => p.days)
FROM p, generate_series(0, p.contacts - 1) k;
-- Their searchable text as the application writes it (ContactSearchText, ADR 0060: each name with its accents folded,
-- lower case). The names above hold no accented letter but those translated here; ConversationPlanTests checks the
-- result against the application's own. A database migrated to an earlier point has no such column.
DO $$ BEGIN IF EXISTS (SELECT 1 FROM information_schema.columns WHERE table_name = 'contacts' AND column_name = 'search_text') THEN
    UPDATE contacts SET search_text = lower(translate(profile_name, 'ÁÉÍÓÚáéíóúñãç', 'AEIOUaeiounac')) WHERE search_text IS NULL;
END IF; END $$;
DO $$ BEGIN IF to_regclass('contact_counts') IS NOT NULL THEN
    ALTER TABLE contacts ENABLE TRIGGER contacts_counts;
    UPDATE contact_counts f SET count = (SELECT count(*) FROM contacts c WHERE c.opted_out = f.opted_out AND c.marketing_opted_out = f.marketing_opted_out);
END IF; END $$;

-- Conversations: one per (contact, number); 3% UNASSIGNED, 7% OPEN (with an agent of their queue), 90% CLOSED;
-- last activity spread over the period.
CREATE TEMP TABLE conv AS
SELECT i, pg_temp.id('conversation', i) AS id, pg_temp.id('contact', i % p.contacts) AS contact_id,
       (i / p.contacts) % p.connections AS c,
       ((i / p.contacts) % p.connections) + p.connections * floor(pg_temp.h(i, 3) * ceil(p.queues::float8 / p.connections))::int AS q,
       pg_temp.h(i, 4) AS s,
       p.now - make_interval(secs => pg_temp.h(i, 5) * p.days * 86400) AS updated_at
FROM p, generate_series(0, p.conversations - 1) i;
UPDATE conv SET q = c FROM p WHERE q >= p.queues;
ALTER TABLE conv ADD PRIMARY KEY (i);

ALTER TABLE conversations DISABLE TRIGGER conversations_closed_counts;
DO $$ BEGIN IF to_regclass('conversation_queue_contacts') IS NOT NULL THEN ALTER TABLE conversations DISABLE TRIGGER conversations_queue_contacts; END IF; END $$;
INSERT INTO conversations (id, connection_id, contact_id, queue_id, status, assignee_id, assigned_at, closed_at, last_inbound_at, last_message_at,
                           last_message_preview, created_at, updated_at, version)
SELECT conv.id, pg_temp.id('connection', conv.c), conv.contact_id, pg_temp.id('queue', conv.q),
       CASE WHEN conv.s < 0.03 THEN 'UNASSIGNED' WHEN conv.s < 0.10 THEN 'OPEN' ELSE 'CLOSED' END,
       CASE WHEN conv.s >= 0.03 AND conv.s < 0.10 THEN pg_temp.id('agent', conv.q + p.queues * floor(pg_temp.h(conv.i, 6) * (p.agents / p.queues))::int) END,
       CASE WHEN conv.s >= 0.03 AND conv.s < 0.10 THEN conv.updated_at END,
       CASE WHEN conv.s >= 0.10 THEN conv.updated_at END,
       conv.updated_at - interval '1 minute', conv.updated_at, 'Gracias, quedo atento', conv.updated_at - interval '2 days', conv.updated_at, 1
FROM conv, p;
ALTER TABLE conversations ENABLE TRIGGER conversations_closed_counts;
DELETE FROM conversation_closed_counts;
INSERT INTO conversation_closed_counts (queue_key, count)
SELECT coalesce(queue_id, '00000000-0000-0000-0000-000000000000'::uuid), count(*) FROM conversations WHERE status = 'CLOSED' GROUP BY 1;
DO $$ BEGIN IF to_regclass('conversation_queue_contacts') IS NOT NULL THEN
    ALTER TABLE conversations ENABLE TRIGGER conversations_queue_contacts;
    DELETE FROM conversation_queue_contacts;
    INSERT INTO conversation_queue_contacts (queue_key, contact_id, conversations)
    SELECT coalesce(queue_id, '00000000-0000-0000-0000-000000000000'::uuid), contact_id, count(*) FROM conversations GROUP BY 1, 2;
END IF; END $$;

-- Messages: the busy conversation (row 0) gets bench.busy_messages, the rest are spread by hash; text of 6-12 words.
-- Four outbound messages in five are written by an agent of the conversation's queue (the one that holds it when it is
-- OPEN), the fifth is automatic: so the dashboards' first responses have answered waits of every length, by agent.
INSERT INTO messages (id, conversation_id, connection_id, direction, wamid, type, text, content, status, sent_at, created_at, updated_at, attempts, sender_user_id)
SELECT pg_temp.id('message', j), conv.id, pg_temp.id('connection', conv.c),
       CASE WHEN j % 2 = 0 THEN 'Inbound' ELSE 'Outbound' END,
       'wamid.bench.' || j, 'text', t.text, '{}', CASE WHEN j % 2 = 0 THEN 'Received' ELSE 'Read' END,
       conv.updated_at - make_interval(secs => pg_temp.h(j, 7) * 172800), conv.updated_at, conv.updated_at, 0,
       CASE WHEN j % 2 = 1 AND pg_temp.h(j, 14) < 0.8 THEN pg_temp.id('agent', conv.q + p.queues * floor(pg_temp.h(conv.i, 6) * (p.agents / p.queues))::int) END
FROM p, generate_series(0, p.messages - 1) j
JOIN LATERAL (SELECT CASE WHEN j < p.busy_messages THEN 0 ELSE floor(pg_temp.h(j, 8) * p.conversations)::int END AS i) pick ON true
JOIN conv ON conv.i = pick.i
JOIN sentences sentence ON sentence.n = floor(pg_temp.h(j, 13) * 10000)::int
CROSS JOIN LATERAL (
    SELECT sentence.text
           || CASE WHEN pg_temp.h(j, 11) < 0.10 THEN ' envío' ELSE '' END
           || CASE WHEN pg_temp.h(j, 12) < 0.001 THEN ' zanahoria' ELSE '' END AS text) t;

-- Resolutions as closing a conversation records them (the dashboards' resolution figures): every CLOSED conversation
-- was closed by an agent of its queue at its last change, after a cycle of ten minutes to two days.
INSERT INTO dashboard_resolutions (id, conversation_id, queue_id, agent_id, opened_at, closed_at, seconds)
SELECT pg_temp.id('resolution', conv.i), conv.id, coalesce(pg_temp.id('queue', conv.q), '00000000-0000-0000-0000-000000000000'::uuid),
       pg_temp.id('agent', conv.q + p.queues * floor(pg_temp.h(conv.i, 6) * (p.agents / p.queues))::int),
       conv.updated_at - make_interval(secs => cycle.seconds), conv.updated_at, cycle.seconds
FROM conv, p, LATERAL (SELECT 600 + floor(pg_temp.h(conv.i, 15) * 172200)::int AS seconds) cycle
WHERE conv.s >= 0.10;

-- Presence and campaigns (generator 3): left out on a schema older than the presence table (the partition migration's
-- test populates the schema from before it).
DO $$ BEGIN
IF to_regclass('presence_intervals') IS NOT NULL THEN
    -- Presence as the presence job records it: every agent works a shift a day, from 07:00 UTC plus up to two hours, in
    -- six stretches of 80 minutes each: available for the whole slot, or away for 5-30 minutes and offline for the rest.
    EXECUTE $g$
    INSERT INTO presence_intervals (id, user_id, availability, started_at, ended_at)
    SELECT pg_temp.id('presence', (a::bigint * 10000 + d) * 10 + k), pg_temp.id('agent', a),
           CASE WHEN k % 2 = 0 THEN 'Available' ELSE 'Away' END,
           shift.start + make_interval(mins => k * 80),
           shift.start + make_interval(mins => k * 80 + CASE WHEN k % 2 = 0 THEN 80 ELSE 5 + floor(pg_temp.h((a::bigint * 10000 + d) * 10 + k, 30) * 25)::int END)
    FROM p, generate_series(0, p.agents - 1) a, generate_series(0, p.days - 1) d, generate_series(0, 5) k,
         LATERAL (SELECT date_trunc('day', p.now) - make_interval(days => d) + interval '7 hours'
                         + make_interval(mins => floor(pg_temp.h(a::bigint * 10000 + d, 31) * 120)::int) AS start) shift
    WHERE shift.start + make_interval(mins => k * 80 + 80) < p.now
    $g$;

    -- Campaigns spread over the period, each to bench.campaign_recipients contacts, replies opening in the queues by turn;
    -- every one finished six hours after its start but the latest, still running with 40% of its ledger pending. A ledger
    -- holds 2% skipped, 3% failed, 25% sent, 40% delivered and 30% read; 8% of those reached replied.
    EXECUTE $g$
    CREATE TEMP TABLE bench_campaigns AS
    SELECT c, pg_temp.id('campaign', c) AS id, c = n.campaigns - 1 AS running,
           p.now - make_interval(days => p.days) + make_interval(secs => (c + 0.5) * p.days * 86400.0 / n.campaigns) AS started_at,
           least(n.recipients, p.contacts) AS recipients
    FROM p, (SELECT pg_temp.setting('campaigns', '30')::int AS campaigns, pg_temp.setting('campaign_recipients', '5000')::int AS recipients) n,
         generate_series(0, n.campaigns - 1) c
    $g$;

    EXECUTE $g$
    INSERT INTO campaigns (id, name, template_name, template_language, variables, queue_id, status, time_zone, created_by_user_id, created_at, updated_at,
                           started_at, finished_at, version)
    SELECT b.id, 'Bench campaign ' || lpad(b.c::text, 3, '0'), 'bench_promo', 'es', '{}', pg_temp.id('queue', b.c % p.queues),
           CASE WHEN b.running THEN 'Running' ELSE 'Completed' END, 'UTC',
           (SELECT id FROM users WHERE normalized_email = lower(pg_temp.setting('admin_email', 'admin@bench.whatssuite.local'))),
           b.started_at - interval '1 day', least(p.now, b.started_at + interval '6 hours'), b.started_at,
           CASE WHEN b.running THEN NULL ELSE b.started_at + interval '6 hours' END, 3
    FROM bench_campaigns b, p
    $g$;

    EXECUTE $g$
    INSERT INTO campaign_connections (campaign_id, connection_id)
    SELECT b.id, pg_temp.id('connection', b.c % p.connections) FROM bench_campaigns b, p
    $g$;

    EXECUTE $g$
    INSERT INTO campaign_recipients (id, campaign_id, phone, input, line, contact_id, fields, status, created_at, updated_at, next_attempt_at, sent_at, replied_at)
    SELECT pg_temp.id('recipient', b.c::bigint * 10000000 + r), b.id, k.wa_id, k.wa_id, r + 1, k.id, '{}', st.status,
           b.started_at - interval '1 day', b.started_at, b.started_at,
           CASE WHEN st.status IN ('Sent', 'Delivered', 'Read') THEN b.started_at + make_interval(secs => 21600.0 * r / b.recipients) END,
           CASE WHEN st.status IN ('Sent', 'Delivered', 'Read') AND pg_temp.h(b.c::bigint * 10000000 + r, 33) < 0.08
                THEN b.started_at + make_interval(secs => 21600.0 * r / b.recipients + 600) END
    FROM bench_campaigns b
    CROSS JOIN p
    CROSS JOIN LATERAL generate_series(0, b.recipients - 1) r
    JOIN contacts k ON k.id = pg_temp.id('contact', (b.c::bigint * 7919 + r) % p.contacts)
    CROSS JOIN LATERAL (SELECT CASE
             WHEN b.running AND r >= b.recipients * 0.6 THEN 'Pending'
             WHEN pg_temp.h(b.c::bigint * 10000000 + r, 32) < 0.02 THEN 'Skipped'
             WHEN pg_temp.h(b.c::bigint * 10000000 + r, 32) < 0.05 THEN 'Failed'
             WHEN pg_temp.h(b.c::bigint * 10000000 + r, 32) < 0.30 THEN 'Sent'
             WHEN pg_temp.h(b.c::bigint * 10000000 + r, 32) < 0.70 THEN 'Delivered'
             ELSE 'Read' END AS status) st
    $g$;
END IF;
END $$;

-- Search documents as the product writes them: contact part, then the latest 8,000 characters of message text.
INSERT INTO conversation_search_documents (conversation_id, contact_text, message_text)
SELECT c.id,
       pg_temp.norm(concat_ws(' ', k.display_name, k.profile_name, k.username, k.user_id, k.wa_id)),
       coalesce(CASE WHEN length(m.t) > 8000 THEN substr(right(m.t, 8000), strpos(right(m.t, 8000), ' ') + 1) ELSE m.t END, '')
FROM conversations c
JOIN contacts k ON k.id = c.contact_id
LEFT JOIN LATERAL (
    SELECT pg_temp.norm(string_agg(x.text, ' ' ORDER BY x.sent_at, x.id)) AS t
    FROM messages x WHERE x.conversation_id = c.id AND x.text IS NOT NULL) m ON true
WHERE c.id IN (SELECT id FROM conv);
