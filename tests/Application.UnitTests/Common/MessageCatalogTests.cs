using Mediator;
using WhatsSuite.Application.Common.Results;
using WhatsSuite.Application.Common.Security;

namespace WhatsSuite.Application.UnitTests.Common;

/// <summary>Rules every command and query of the Application layer must follow.</summary>
public sealed class MessageCatalogTests
{
    public static TheoryData<Type> Messages()
    {
        var data = new TheoryData<Type>();
        foreach (var type in typeof(Application.DependencyInjection).Assembly.GetTypes()
                     .Where(t => t is { IsClass: true, IsAbstract: false } && typeof(IMessage).IsAssignableFrom(t)))
        {
            data.Add(type);
        }

        return data;
    }

    [Fact]
    public void Catalog_FindsTheMessages()
    {
        Assert.True(Messages().Count >= 12);
    }

    [Theory]
    [MemberData(nameof(Messages))]
    public void Message_DeclaresExactlyOneAccessRule(Type message)
    {
        Assert.True(AccessPolicy.For(message).IsDeclared, $"{message.Name} must declare RequireRole, PublicAccess or SystemOnly");
    }

    [Theory]
    [MemberData(nameof(Messages))]
    public void Message_AnswersWithAResult(Type message)
    {
        var response = message.GetInterfaces()
            .Single(i => i.IsGenericType && (i.GetGenericTypeDefinition() == typeof(ICommand<>) || i.GetGenericTypeDefinition() == typeof(IQuery<>)))
            .GetGenericArguments()[0];

        Assert.True(response.IsGenericType && response.GetGenericTypeDefinition() == typeof(Result<>), $"{message.Name} answers {response.Name}");
    }

    [Theory]
    [MemberData(nameof(Messages))]
    public void Message_IsASealedRecordNamedCommandOrQuery(Type message)
    {
        Assert.True(message.IsSealed);
        Assert.NotNull(message.GetMethod("<Clone>$"));
        var isCommand = typeof(IBaseCommand).IsAssignableFrom(message);
        Assert.EndsWith(isCommand ? "Command" : "Query", message.Name, StringComparison.Ordinal);
    }
}
