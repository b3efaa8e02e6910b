using Mediator;
using WhatsSuite.Application.Common.Results;
using WhatsSuite.Application.Common.Security;

namespace WhatsSuite.Application.Secrets.RotateDataEncryptionKey;

/// <summary>
/// Re-encrypts every encrypted column under the current <c>DATA_ENCRYPTION_KEY</c> (values under an old key
/// are read with <c>DATA_ENCRYPTION_OLD_KEYS</c>). Answers how many values were re-encrypted. Run by
/// <c>dotnet run --project src/Api -- rotate-data-key</c> as the system actor.
/// </summary>
[SystemOnly]
public sealed record RotateDataEncryptionKeyCommand : ICommand<Result<int>>;
