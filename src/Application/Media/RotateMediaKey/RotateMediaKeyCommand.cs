using Mediator;
using WhatsSuite.Application.Common.Auditing;
using WhatsSuite.Application.Common.Results;
using WhatsSuite.Application.Common.Security;
using WhatsSuite.Domain.Users;

namespace WhatsSuite.Application.Media.RotateMediaKey;

/// <summary>
/// Starts re-encrypting every stored media file that is not under the current media key (<c>MEDIA_ENCRYPTION_KEY</c>;
/// files under an old key are read with <c>MEDIA_ENCRYPTION_OLD_KEYS</c>, plaintext files written while encryption was
/// off are encrypted): a background job works through them in batches, its progress in the Hangfire dashboard. Once it
/// is done, no file needs an old key any more and the old keys can be removed. Answers 202 with the key and how many
/// files are to be re-encrypted; media encryption that is off answers 409 <c>media.encryption_disabled</c>.
/// </summary>
[RequireRole(Role.ADMIN)]
public sealed record RotateMediaKeyCommand : ICommand<Result<MediaKeyRotationDto>>, IAuditTarget
{
    public string AuditTargetType => MediaErrors.KeyTargetType;

    public string? AuditTargetId => null;
}

/// <summary>The rotation started: the current key's id and the files to re-encrypt under it.</summary>
public sealed record MediaKeyRotationDto(string KeyId, int Files);
