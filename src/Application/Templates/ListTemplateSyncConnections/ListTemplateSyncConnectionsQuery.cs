using Mediator;
using WhatsSuite.Application.Common.Results;
using WhatsSuite.Application.Common.Security;

namespace WhatsSuite.Application.Templates.ListTemplateSyncConnections;

/// <summary>The connections the recurring template sync visits: active and not deleted, oldest first.</summary>
[SystemOnly]
public sealed record ListTemplateSyncConnectionsQuery : IQuery<Result<IReadOnlyList<Guid>>>;
