using WhatsSuite.Application.Common.Results;
using WhatsSuite.Application.IntegrationTests.Support;
using WhatsSuite.Application.QuickReplies.CreateQuickReply;
using WhatsSuite.Application.QuickReplies.DeleteQuickReply;
using WhatsSuite.Application.QuickReplies.ListQuickReplies;
using WhatsSuite.Application.QuickReplies.RenderQuickReply;
using WhatsSuite.Application.QuickReplies.UpdateQuickReply;
using WhatsSuite.Domain.Conversations;
using WhatsSuite.Domain.Users;

namespace WhatsSuite.Application.IntegrationTests.QuickReplies;

/// <summary>Who sees, uses and manages team and personal quick replies, and how their variables are filled in.</summary>
public sealed class QuickReplyTests(ApplicationFixture fixture) : IClassFixture<ApplicationFixture>
{
    private Seeder Seed => fixture.Seed;

    [Fact]
    public async Task TeamReply_CreatedBySupervisorOfTheQueue_IsOfferedToItsMembersOnly()
    {
        var queue = await Seed.QueueAsync();
        var other = await Seed.QueueAsync();
        var supervisor = await Seed.UserAsync(Role.SUPERVISOR, queue);
        var member = await Seed.UserAsync(Role.AGENTE, queue);
        var outsider = await Seed.UserAsync(Role.AGENTE, other);
        var shortcut = $"t{Guid.NewGuid():N}"[..16];

        var created = await fixture.SendAsync(supervisor.Actor, new CreateQuickReplyCommand("/" + shortcut.ToUpperInvariant(), "Horario", "Atendemos de 9 a 18, {{contact.name}}.", queue));

        Assert.True(created.IsSuccess);
        Assert.Equal((shortcut, queue, false), (created.Value.Shortcut, created.Value.QueueId, created.Value.Personal));
        Assert.Equal(["contact.name"], created.Value.Variables);
        var forMember = await fixture.SendAsync(member.Actor, new ListQuickRepliesQuery(shortcut[..6], null));
        var forOutsider = await fixture.SendAsync(outsider.Actor, new ListQuickRepliesQuery(shortcut[..6], null));
        Assert.Contains(forMember.Value.Items, r => r.Id == created.Value.Id);
        Assert.DoesNotContain(forOutsider.Value.Items, r => r.Id == created.Value.Id);
        var memberChange = await fixture.SendAsync(member.Actor, new UpdateQuickReplyCommand(created.Value.Id, shortcut, "Horario", "Otro texto"));
        var outsiderDelete = await fixture.SendAsync(outsider.Actor, new DeleteQuickReplyCommand(created.Value.Id));
        Assert.Equal("quick_replies.not_queue_supervisor", memberChange.Error!.Code);
        Assert.Equal("quick_replies.not_found", outsiderDelete.Error!.Code);
    }

    [Fact]
    public async Task Create_TeamReplyByAnAgentOrDuplicateOrUnknownVariable_IsRefused()
    {
        var queue = await Seed.QueueAsync();
        var agent = await Seed.UserAsync(Role.AGENTE, queue);
        var shortcut = $"p{Guid.NewGuid():N}"[..16];

        var team = await fixture.SendAsync(agent.Actor, new CreateQuickReplyCommand(shortcut, "Equipo", "Hola", queue));
        var personal = await fixture.SendAsync(agent.Actor, new CreateQuickReplyCommand(shortcut, "Mía", "Hola {{agent.name}}", null));
        var duplicate = await fixture.SendAsync(agent.Actor, new CreateQuickReplyCommand(shortcut, "Otra", "Hola", null));
        var unknown = await fixture.SendAsync(agent.Actor, new CreateQuickReplyCommand(shortcut + "x", "Pedido", "Pedido {{order.id}}", null));
        var badShortcut = await fixture.SendAsync(agent.Actor, new CreateQuickReplyCommand("hola mundo", "Pedido", "Hola", null));

        Assert.Equal("quick_replies.not_queue_supervisor", team.Error!.Code);
        Assert.True(personal.IsSuccess);
        Assert.True(personal.Value.Personal);
        Assert.Equal("quick_replies.shortcut_taken", duplicate.Error!.Code);
        Assert.Equal((ErrorType.Unprocessable, "quick_replies.unknown_variable"), (unknown.Error!.Type, unknown.Error!.Code));
        Assert.Equal(ErrorType.Validation, badShortcut.Error!.Type);
    }

    [Fact]
    public async Task Render_PersonalReply_FillsContactAndAgentAndIsPrivateToItsOwner()
    {
        var queue = await Seed.QueueAsync();
        var agent = await Seed.UserAsync(Role.AGENTE, queue);
        var colleague = await Seed.UserAsync(Role.AGENTE, queue);
        var connection = await Seed.ConnectionAsync([queue]);
        var conversation = await Seed.ConversationAsync(connection, queue, ConversationStatus.OPEN, agent.Id);
        var reply = await fixture.SendAsync(agent.Actor, new CreateQuickReplyCommand($"r{Guid.NewGuid():N}"[..16], "Saludo", "Hola {{contact.name}} ({{contact.phone}}), soy {{agent.name}}.", null));
        var names = await fixture.QueryAsync(async db => (
            Contact: (await db.Contacts.FindAsync(conversation.ContactId))!,
            Agent: (await db.Users.FindAsync(agent.Id))!.FullName));

        var rendered = await fixture.SendAsync(agent.Actor, new RenderQuickReplyQuery(reply.Value.Id, conversation.Id));
        var forColleague = await fixture.SendAsync(colleague.Actor, new RenderQuickReplyQuery(reply.Value.Id, conversation.Id));

        var contactName = names.Contact.DisplayName ?? names.Contact.ProfileName ?? string.Empty;
        Assert.Equal($"Hola {contactName} (+{names.Contact.WaId}), soy {names.Agent}.", rendered.Value.Text);
        Assert.Equal("quick_replies.not_found", forColleague.Error!.Code);
    }
}
