using FluentValidation;
using Mediator;
using Microsoft.Extensions.DependencyInjection;
using WhatsSuite.Application.Auth;
using WhatsSuite.Application.Common.Auditing;
using WhatsSuite.Application.Common.Behaviors;
using WhatsSuite.Application.Common.Interfaces;
using WhatsSuite.Application.Common.Security;

namespace WhatsSuite.Application;

public static class DependencyInjection
{
    /// <summary>
    /// Registers the mediator with its pipeline, outside in: logging, authorization, validation, audit
    /// (commands), the sign-in throttle (sign-in attempts), transaction (commands); the validators; and the
    /// per-request actor and audit scope.
    /// </summary>
    public static IServiceCollection AddApplication(this IServiceCollection services)
    {
        services.AddMediator((MediatorOptions options) =>
        {
            options.ServiceLifetime = ServiceLifetime.Scoped;
            options.PipelineBehaviors =
            [
                typeof(LoggingBehavior<,>),
                typeof(AuthorizationBehavior<,>),
                typeof(ValidationBehavior<,>),
                typeof(AuditBehavior<,>),
                typeof(SignInThrottleBehavior<,>),
                typeof(TransactionBehavior<,>),
            ];
        });
        services.AddValidatorsFromAssembly(typeof(DependencyInjection).Assembly, ServiceLifetime.Singleton, includeInternalTypes: true);
        services.AddScoped<ActorContext>();
        services.AddScoped<AuditScope>();
        services.AddScoped<AfterCommit>();
        services.AddScoped<TransactionLockTurn>();
        services.AddScoped<Conversations.ConversationAccess>();
        services.AddScoped<Dashboards.DashboardReader>();
        services.AddScoped<Dashboards.DashboardViews>();
        services.AddScoped<QuickReplies.QuickReplyAccess>();
        services.AddScoped<Contacts.ContactAccess>();
        services.AddScoped<Desk.DeskChanges>();
        services.AddScoped<Desk.DeskAudience>();
        services.AddScoped<Campaigns.ImportCampaignAudience.AudienceFileImporter>();
        services.AddScoped<Campaigns.CampaignReplies>();
        services.AddScoped<Campaigns.GetCampaignProgress.CampaignProgressReader>();
        services.AddScoped<Desk.DeskReplay>();
        services.AddScoped<Templates.TemplateSendCheck>();
        services.AddScoped<Queues.OutOfHoursTemplates>();
        services.AddScoped<Messages.OutboundSendRules>();
        services.AddScoped<Conversations.SendOutOfHoursReply.OutOfHoursReplyRule>();
        services.AddScoped<Templates.TemplateSynchronizer>();
        services.AddScoped<SessionOpener>();
        services.AddScoped<ISessionTerminator, SessionTerminator>();
        services.AddScoped<ApiKeys.IApiKeyAuthenticator, ApiKeys.ApiKeyAuthenticator>();
        services.AddScoped<MfaVerifier>();
        services.AddSingleton<PasswordVerifier>();
        services.AddSingleton(TimeProvider.System);
        return services;
    }
}
