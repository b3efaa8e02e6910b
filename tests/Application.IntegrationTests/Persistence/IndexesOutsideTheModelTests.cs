using WhatsSuite.Application.IntegrationTests.Support;

namespace WhatsSuite.Application.IntegrationTests.Persistence;

/// <summary>
/// The PostgreSQL indexes that EF Core's model does not describe (built <c>CONCURRENTLY</c> by raw SQL in their
/// migrations, or with columns the model cannot express) exist, are valid and hold the columns the reads that rely on
/// them need, on a database migrated as the API migrates it. A later migration generated from the model would not
/// know them, so nothing else would notice one going missing until a plan turned slow.
/// </summary>
public sealed class IndexesOutsideTheModelTests(ApplicationFixture fixture) : IClassFixture<ApplicationFixture>
{
    public static TheoryData<string, string> Indexes => new()
    {
        // The contacts list's order (ADR 0053).
        { "ix_contacts_list_order", "ON public.contacts USING btree" },

        // The contacts list's search by substring (ADRs 0058 and 0060), and the contacts still without their searchable text.
        { "ix_contacts_search_text_trgm", "USING gin (search_text gin_trgm_ops)" },
        { "ix_contacts_wa_id_search_trgm", "USING gin (lower((wa_id)::text) gin_trgm_ops)" },
        { "ix_contacts_search_text_pending", "(id) WHERE (search_text IS NULL)" },

        // The search: the contact part by substring, the message part by words (ADR 0045).
        { "ix_conversation_search_documents_contact_text_trgm", "USING gin (contact_text gin_trgm_ops)" },
        { "ix_conversation_search_documents_message_words", "USING gin (message_words)" },

        // The dashboards' reads without the table (ADRs 0054 and 0056).
        { "ix_dashboard_response_episodes_period", "(started_at) INCLUDE (queue_id, responder_id, seconds)" },
        { "ix_dashboard_response_episodes_queue_period", "(queue_id, started_at) INCLUDE (seconds)" },
        { "ix_dashboard_response_episodes_responder_period", "(responder_id, started_at) INCLUDE (queue_id, seconds)" },
        { "ix_dashboard_resolutions_period", "(closed_at) INCLUDE (queue_id, agent_id, seconds)" },
        { "pk_dashboard_message_counts", "(bucket_start, queue_id, connection_id, agent_id, direction, type) INCLUDE (count)" },

        // Presence time summed without the table (ADR 0057).
        { "ix_presence_intervals_period", "(ended_at) INCLUDE (started_at, user_id, availability)" },

        // Built CONCURRENTLY by raw SQL, though in the model: a campaign's replies (ADR 0057).
        { "ix_campaign_recipients_campaign_id", "(campaign_id) WHERE (replied_at IS NOT NULL)" },
    };

    [Theory]
    [MemberData(nameof(Indexes))]
    public async Task Migrate_IndexOutsideTheModel_ExistsValidWithItsColumns(string name, string expected)
    {
        var definition = await fixture.Database.ScalarAsync<string>("SELECT indexdef FROM pg_indexes WHERE schemaname = 'public' AND indexname = @name", ("name", name));
        var valid = await fixture.Database.ScalarAsync<bool>("SELECT i.indisvalid FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid WHERE c.relname = @name", ("name", name));

        Assert.NotNull(definition);
        Assert.Contains(expected, definition, StringComparison.Ordinal);
        Assert.True(valid, $"{name} is not valid: {definition}");
    }
}
