using Mediator;
using Microsoft.EntityFrameworkCore;
using WhatsSuite.Application.Common.Auditing;
using WhatsSuite.Application.Common.Behaviors;
using WhatsSuite.Application.Common.Interfaces;
using WhatsSuite.Application.Common.Results;

namespace WhatsSuite.Application.Media.RotateMediaKey;

internal sealed class RotateMediaKeyCommandHandler(IApplicationDbContext db, IMediaStore store, IMediaKeyRotations rotations, AfterCommit afterCommit, AuditScope auditScope)
    : ICommandHandler<RotateMediaKeyCommand, Result<MediaKeyRotationDto>>
{
    public async ValueTask<Result<MediaKeyRotationDto>> Handle(RotateMediaKeyCommand command, CancellationToken cancellationToken)
    {
        if (store.CurrentKeyId is not { } keyId)
        {
            return MediaErrors.EncryptionDisabled;
        }

        var files = await db.MediaObjects.CountAsync(o => o.KeyId == null || o.KeyId != keyId, cancellationToken);
        auditScope.SetNote($"key {keyId}: {files} files to re-encrypt");
        if (files > 0)
        {
            afterCommit.Add(() => rotations.Start(keyId, files));
        }

        return new MediaKeyRotationDto(keyId, files);
    }
}
