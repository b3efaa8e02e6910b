using System.Reflection;
using FluentValidation;
using Mediator;
using NetArchTest.Rules;

namespace WhatsSuite.Architecture.Tests;

/// <summary>Use cases are found by name: Commands, Queries, their Handlers and Validators side by side.</summary>
public sealed class NamingRulesTests
{
    private static readonly Assembly Application = typeof(Application.DependencyInjection).Assembly;

    private static readonly Type[] HandlerInterfaces = [typeof(ICommandHandler<,>), typeof(IQueryHandler<,>)];

    private static IEnumerable<Type> ConcreteTypes => Application.GetTypes().Where(t => t is { IsClass: true, IsAbstract: false } && !t.IsNested);

    private static bool Implements(Type type, Type openGeneric) =>
        type.GetInterfaces().Any(i => i.IsGenericType && i.GetGenericTypeDefinition() == openGeneric);

    [Fact]
    public void Handlers_AreInternalSealedAndNamedAfterTheirMessage()
    {
        var handlers = ConcreteTypes.Where(t => HandlerInterfaces.Any(h => Implements(t, h))).ToList();

        Assert.True(handlers.Count >= 12);
        foreach (var handler in handlers)
        {
            var message = handler.GetInterfaces().First(i => i.IsGenericType && HandlerInterfaces.Contains(i.GetGenericTypeDefinition())).GetGenericArguments()[0];
            Assert.Equal($"{message.Name}Handler", handler.Name);
            Assert.Equal(message.Namespace, handler.Namespace);
            Assert.True(handler.IsSealed && !handler.IsPublic, $"{handler.Name} must be internal sealed");
        }
    }

    [Fact]
    public void Validators_AreInternalSealedAndNamedAfterTheirMessage()
    {
        var validators = ConcreteTypes.Where(t => t.BaseType is { IsGenericType: true } b && b.GetGenericTypeDefinition() == typeof(AbstractValidator<>)).ToList();

        Assert.True(validators.Count >= 8);
        foreach (var validator in validators)
        {
            var message = validator.BaseType!.GetGenericArguments()[0];
            Assert.Equal($"{message.Name}Validator", validator.Name);
            Assert.Equal(message.Namespace, validator.Namespace);
            Assert.True(validator.IsSealed && !validator.IsPublic, $"{validator.Name} must be internal sealed");
        }
    }

    [Fact]
    public void Messages_LiveInAFolderNamedAfterTheirUseCase()
    {
        var messages = ConcreteTypes.Where(t => typeof(IMessage).IsAssignableFrom(t)).ToList();

        Assert.NotEmpty(messages);
        foreach (var message in messages)
        {
            var useCase = message.Name[..^(message.Name.EndsWith("Command", StringComparison.Ordinal) ? "Command".Length : "Query".Length)];
            Assert.EndsWith($".{useCase}", message.Namespace, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Behaviors_AreSealedAndNamedBehavior()
    {
        var result = Types.InAssembly(Application)
            .That().ResideInNamespace("WhatsSuite.Application.Common.Behaviors")
            .And().HaveNameEndingWith("Behavior`2")
            .Should().BeSealed()
            .GetResult();

        Assert.True(result.IsSuccessful, string.Join(", ", result.FailingTypeNames ?? []));
    }

    [Fact]
    public void Endpoints_OneFilePerFeatureInTheEndpointsNamespace()
    {
        var result = Types.InAssembly(typeof(Program).Assembly)
            .That().HaveNameEndingWith("Endpoints")
            .Should().ResideInNamespace("WhatsSuite.Api.Endpoints")
            .And().BeSealed()
            .GetResult();

        Assert.True(result.IsSuccessful, string.Join(", ", result.FailingTypeNames ?? []));
    }
}
