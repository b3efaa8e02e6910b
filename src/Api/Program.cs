using Hangfire;
using WhatsSuite.Api;
using WhatsSuite.Api.Endpoints;
using WhatsSuite.Api.Infrastructure;
using WhatsSuite.Api.Infrastructure.HttpEdge;
using WhatsSuite.Api.Logging;
using WhatsSuite.Api.Realtime;
using WhatsSuite.Application;
using WhatsSuite.Infrastructure;
using WhatsSuite.Infrastructure.Auditing;
using WhatsSuite.Infrastructure.Configuration;
using WhatsSuite.Infrastructure.Jobs;
using WhatsSuite.Infrastructure.Persistence;
using WhatsSuite.Infrastructure.Security;

var builder = WebApplication.CreateBuilder(args);
builder.WebHost.ConfigureKestrel(kestrel => kestrel.AddServerHeader = false);
var config = new ConfigReader(builder.Configuration);
if (string.IsNullOrEmpty(config.Raw("ASPNETCORE_URLS")) && string.IsNullOrEmpty(config.Raw("urls")))
{
    builder.WebHost.UseUrls($"http://localhost:{config.Number("PORT", 5000, min: 1, max: 65535)}");
}

var settings = WhatsSuiteSettings.Load(builder.Configuration, builder.Environment);
builder.Services.AddApplication();
builder.Services.AddInfrastructure(settings);
builder.AddWhatsSuiteLogging(settings.ServiceName, settings.InstanceId);
builder.Services.AddApi(settings.Jwt);
builder.Services.AddHttpEdge(settings.HttpEdge);
builder.Services.AddRealtime(settings);

var app = builder.Build();

app.UseHttpEdge();
app.UseExceptionHandler();
app.UseStatusCodePages();
app.UseAuthentication();
app.UseHttpEdgeLimits();
app.UseMiddleware<RequestContextMiddleware>();
app.UseAuthorization();

app.UseWhatsSuiteOpenApi();
app.UseAdminHangfireDashboard();

app.MapEndpoints();
app.MapDeskHub();

// Reads the database as it is: before migrations and seeding, which would write to it.
if (args.Contains(AuditChainVerification.CommandName, StringComparer.Ordinal))
{
    Environment.ExitCode = await app.Services.VerifyAuditChainAsync();
    return;
}

await app.Services.InitializeDatabaseAsync();
if (args.Contains(DataKeyRotation.CommandName, StringComparer.Ordinal))
{
    await app.Services.RotateDataEncryptionKeyAsync();
    return;
}

if (args.Contains(MediaKeyRotation.CommandName, StringComparer.Ordinal))
{
    await app.Services.RotateMediaKeyAsync();
    return;
}

app.Services.ScheduleRecurringJobs();
await app.RunAsync();

/// <summary>Entry point; public so integration tests can host it.</summary>
public partial class Program;
