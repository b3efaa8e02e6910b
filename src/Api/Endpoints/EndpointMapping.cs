namespace WhatsSuite.Api.Endpoints;

internal static class EndpointMapping
{
    public static IEndpointRouteBuilder MapEndpoints(this IEndpointRouteBuilder app)
    {
        HealthEndpoints.Map(app);
        AuthEndpoints.Map(app);
        MfaEndpoints.Map(app);
        UsersEndpoints.Map(app);
        AuditEndpoints.Map(app);
        ApiKeysEndpoints.Map(app);
        QueuesEndpoints.Map(app);
        ConnectionsEndpoints.Map(app);
        WebhooksEndpoints.Map(app);
        ContactsEndpoints.Map(app);
        SandboxEndpoints.Map(app);
        MessagesEndpoints.Map(app);
        MediaEndpoints.Map(app);
        ConversationsEndpoints.Map(app);
        TemplatesEndpoints.Map(app);
        CampaignsEndpoints.Map(app);
        DashboardLoginEndpoints.Map(app);
        DashboardsEndpoints.Map(app);
        QuickRepliesEndpoints.Map(app);
        PresenceEndpoints.Map(app);
        SettingsEndpoints.Map(app);
        ArchiveEndpoints.Map(app);
        ExportsEndpoints.Map(app);
        return app;
    }
}
