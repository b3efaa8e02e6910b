using WhatsSuite.Domain.Templates;

namespace WhatsSuite.Domain.UnitTests.Templates;

public sealed class MessageTemplateTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 28, 10, 0, 0, 400, TimeSpan.Zero);

    private static MessageTemplate Pending() =>
        MessageTemplate.FromMeta(Guid.NewGuid(), "123", "promo", "es", "marketing", "pending", "NONE", """[{"type":"BODY","text":"Hola"}]""", synced: true, Now);

    [Fact]
    public void FromMeta_NormalizesStatusAndCategory_AndDropsMetasNoneReason()
    {
        var template = Pending();

        Assert.Equal((MessageTemplateStatus.Pending, MessageTemplateCategory.Marketing, (string?)null), (template.Status, template.Category, template.StatusReason));
        Assert.False(template.IsApproved);
        Assert.Equal(Now, template.SyncedAt);
    }

    [Fact]
    public void ApplyStatusReport_NewerOrSameSecond_MovesTheStatus()
    {
        var template = Pending();

        // WhatsApp stamps to the second: a report of the same second as the reading applies.
        Assert.True(template.ApplyStatusReport("APPROVED", "NONE", new DateTimeOffset(2026, 11, 28, 10, 0, 0, TimeSpan.Zero), Now));
        Assert.True(template.IsApproved);

        Assert.True(template.ApplyStatusReport("PAUSED", "Low quality", Now.AddMinutes(5), Now.AddMinutes(5)));
        Assert.Equal((MessageTemplateStatus.Paused, "Low quality"), (template.Status, template.StatusReason));
    }

    [Fact]
    public void ApplyStatusReport_OlderThanTheKnownStatus_ChangesNothing()
    {
        var template = Pending();
        template.ApplyStatusReport("REJECTED", "INVALID_FORMAT", Now.AddMinutes(5), Now.AddMinutes(5));

        Assert.False(template.ApplyStatusReport("APPROVED", null, Now.AddMinutes(1), Now.AddMinutes(6)));

        Assert.Equal((MessageTemplateStatus.Rejected, "INVALID_FORMAT"), (template.Status, template.StatusReason));
    }

    [Fact]
    public void ApplySync_ReportsWhetherAnythingChanged()
    {
        var template = Pending();

        Assert.False(template.ApplySync("123", "MARKETING", "PENDING", null, """[{"type":"BODY","text":"Hola"}]""", Now.AddHours(1)));
        Assert.True(template.ApplySync("123", "MARKETING", "APPROVED", null, """[{"type":"BODY","text":"Hola"}]""", Now.AddHours(2)));
        Assert.Equal(Now.AddHours(2), template.SyncedAt);
    }

    [Fact]
    public void MarkDeleted_Once_ThenNoChange()
    {
        var template = Pending();

        Assert.True(template.MarkDeleted(Now.AddHours(1)));
        Assert.False(template.MarkDeleted(Now.AddHours(2)));
        Assert.Equal(MessageTemplateStatus.Deleted, template.Status);
    }
}
