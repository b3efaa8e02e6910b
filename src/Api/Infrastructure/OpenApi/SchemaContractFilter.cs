using System.Reflection;
using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.Json.Serialization;
using FluentValidation;
using FluentValidation.Validators;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.OpenApi;
using Swashbuckle.AspNetCore.SwaggerGen;
using WhatsSuite.Api.Endpoints;
using WhatsSuite.Application.Connections.UpdateConnection;
using WhatsSuite.Application.Contacts.UpdateContact;
using WhatsSuite.Application.Conversations.TransferConversation;
using WhatsSuite.Application.Messages.SendMessage;
using WhatsSuite.Application.Presence.SetAvailability;
using WhatsSuite.Application.Queues.SetQueueBusinessHours;
using WhatsSuite.Application.Queues.SetQueueResponseTarget;
using WhatsSuite.Application.Queues.UpdateQueue;
using WhatsSuite.Application.QuickReplies.CreateQuickReply;
using WhatsSuite.Application.QuickReplies.UpdateQuickReply;
using WhatsSuite.Application.Sandbox.SimulateInboundMessage;
using WhatsSuite.Application.Settings.UpdateSettings;
using WhatsSuite.Application.Users.UpdateUser;

namespace WhatsSuite.Api.Infrastructure.OpenApi;

/// <summary>
/// Makes every object schema say what the API really does, from the C# types and the validators:
/// <list type="bullet">
/// <item>Request bodies (and what they contain): a field is <c>required</c> when the request is refused
/// without it: a non-nullable member without a default, or one its validator checks with
/// <c>NotNull</c>/<c>NotEmpty</c> unconditionally. Optional fields may be sent as null. The JSON binding
/// refuses unknown members, so request schemas say <c>additionalProperties: false</c>.</item>
/// <item>Answers (and what they contain): every member is always written, so all are <c>required</c>,
/// except members left out when null (<c>[JsonIgnore(WhenWritingNull)]</c>), which are optional and never
/// null. Nullability follows the C# annotations. Answers make no claim about extra members, so that adding
/// one later does not break a strict client.</item>
/// </list>
/// A type used both ways gets the claims that hold for both (a test keeps the two apart).
/// </summary>
internal sealed class SchemaContractFilter(IServiceScopeFactory scopes) : IDocumentFilter
{
    /// <summary>Bodies that their endpoint turns into a command: the command's validator says which fields the body needs.</summary>
    public static readonly IReadOnlyDictionary<Type, Type> ValidatedAs = new Dictionary<Type, Type>
    {
        [typeof(AvailabilityBody)] = typeof(SetAvailabilityCommand),
        [typeof(BusinessHoursBody)] = typeof(SetQueueBusinessHoursCommand),
        [typeof(ConnectionBody)] = typeof(UpdateConnectionCommand),
        [typeof(ContactPatchBody)] = typeof(UpdateContactCommand),
        [typeof(QueueBody)] = typeof(UpdateQueueCommand),
        [typeof(QuickReplyBody)] = typeof(CreateQuickReplyCommand),
        [typeof(QuickReplyChangeBody)] = typeof(UpdateQuickReplyCommand),
        [typeof(ResponseTargetBody)] = typeof(SetQueueResponseTargetCommand),
        [typeof(SandboxInboundBody)] = typeof(SimulateInboundMessageCommand),
        [typeof(SendMessageBody)] = typeof(SendMessageCommand),
        [typeof(SettingsBody)] = typeof(UpdateSettingsCommand),
        [typeof(TransferBody)] = typeof(TransferConversationCommand),
        [typeof(UpdateUserRequest)] = typeof(UpdateUserCommand),
    };

    public void Apply(OpenApiDocument document, DocumentFilterContext context)
    {
        ArgumentNullException.ThrowIfNull(document);
        ArgumentNullException.ThrowIfNull(context);
        if (document.Components?.Schemas is not { } schemas)
        {
            return;
        }

        var descriptions = context.ApiDescriptions.ToList();
        var requestTypes = Closure(descriptions
            .SelectMany(d => d.ParameterDescriptions)
            .Where(p => p.Source == BindingSource.Body)
            .Select(p => p.Type));
        var responseTypes = Closure(descriptions
            .SelectMany(d => d.SupportedResponseTypes)
            .Select(r => r.Type)
            .Where(t => t is not null && !typeof(ProblemDetails).IsAssignableFrom(t)));

        using var scope = scopes.CreateScope();
        var nullability = new NullabilityInfoContext();
        foreach (var type in requestTypes.Union(responseTypes))
        {
            if (!schemas.TryGetValue(SchemaNames.For(type), out var found) || found is not OpenApiSchema { Properties.Count: > 0 } schema)
            {
                continue;
            }

            var asRequest = requestTypes.Contains(type);
            var asResponse = responseTypes.Contains(type);
            var validated = asRequest ? ValidatorRequiredMembers(scope.ServiceProvider, type) : [];
            var required = new List<string>();
            foreach (var member in Members(type))
            {
                var name = JsonName(member);
                if (!schema.Properties.TryGetValue(name, out var property))
                {
                    continue;
                }

                if (asRequest && !asResponse && member.SetMethod is null)
                {
                    // Computed members (IAuditTarget's, for example) are not part of what a client sends.
                    schema.Properties.Remove(name);
                    continue;
                }

                var isNullable = IsNullable(member, nullability);
                var requestRequired = (!isNullable && !HasDefault(type, member)) || validated.Contains(member.Name) || IsDeclaredRequired(member);
                var requestNullable = isNullable && !requestRequired;
                var leftOutWhenNull = member.GetCustomAttribute<JsonIgnoreAttribute>()?.Condition is JsonIgnoreCondition.WhenWritingNull or JsonIgnoreCondition.WhenWritingDefault;
                var responseRequired = !leftOutWhenNull;
                var responseNullable = isNullable && !leftOutWhenNull;

                var isRequired = (!asRequest || requestRequired) && (!asResponse || responseRequired);
                var nullable = (asRequest && requestNullable) || (asResponse && responseNullable);
                schema.Properties[name] = WithNullable(property, nullable, schemas);
                if (isRequired)
                {
                    required.Add(name);
                }
            }

            schema.Required = new HashSet<string>(required, StringComparer.Ordinal);
            schema.AdditionalProperties = null;
            schema.AdditionalPropertiesAllowed = !(asRequest && !asResponse);
        }
    }

    /// <summary>
    /// The same schema, allowing null or not. A reference that allows null becomes
    /// <c>type: &lt;its type&gt;, nullable: true, allOf: [ref]</c> (OpenAPI 3.0 has no null type, and a
    /// <c>$ref</c> takes no sibling keywords).
    /// </summary>
    public static IOpenApiSchema WithNullable(IOpenApiSchema schema, bool nullable, IDictionary<string, IOpenApiSchema> components)
    {
        ArgumentNullException.ThrowIfNull(schema);
        ArgumentNullException.ThrowIfNull(components);
        switch (schema)
        {
            case OpenApiSchemaReference reference:
                if (!nullable)
                {
                    return reference;
                }

                var targetType = reference.Reference.Id is { } id && components.TryGetValue(id, out var target) ? target.Type ?? 0 : 0;
                return new OpenApiSchema { AllOf = [reference], Type = (targetType & ~JsonSchemaType.Null) | JsonSchemaType.Null };
            case OpenApiSchema { AllOf: [OpenApiSchemaReference inner], Properties: null or { Count: 0 } }:
                return WithNullable(inner, nullable, components);
            case OpenApiSchema { Type: { } type } inline:
                inline.Type = nullable ? type | JsonSchemaType.Null : type & ~JsonSchemaType.Null;
                return inline;
            default:
                return schema;
        }
    }

    /// <summary>The object types reachable from the given ones through members, collections and dictionaries.</summary>
    public static HashSet<Type> Closure(IEnumerable<Type?> roots)
    {
        var seen = new HashSet<Type>();
        var pending = new Stack<Type>(roots.OfType<Type>());
        while (pending.TryPop(out var type))
        {
            type = Nullable.GetUnderlyingType(type) ?? type;
            if (ElementType(type) is { } element)
            {
                pending.Push(element);
            }
            else if (IsObject(type) && seen.Add(type))
            {
                foreach (var member in Members(type))
                {
                    pending.Push(member.PropertyType);
                }
            }
        }

        return seen;
    }

    /// <summary>The members System.Text.Json writes and reads.</summary>
    public static IEnumerable<PropertyInfo> Members(Type type) =>
        type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.GetIndexParameters().Length == 0 && p.GetMethod is { IsPublic: true })
            .Where(p => p.GetCustomAttribute<JsonIgnoreAttribute>()?.Condition is not JsonIgnoreCondition.Always);

    public static string JsonName(PropertyInfo member)
    {
        ArgumentNullException.ThrowIfNull(member);
        return member.GetCustomAttribute<JsonPropertyNameAttribute>()?.Name ?? JsonNamingPolicy.CamelCase.ConvertName(member.Name);
    }

    private static Type? ElementType(Type type)
    {
        if (type == typeof(string))
        {
            return null;
        }

        if (type.IsArray)
        {
            return type.GetElementType();
        }

        var interfaces = type.IsInterface ? type.GetInterfaces().Append(type) : type.GetInterfaces();
        var generic = interfaces.Where(i => i.IsGenericType).ToList();
        var dictionary = generic.FirstOrDefault(i => i.GetGenericTypeDefinition() is var d && (d == typeof(IDictionary<,>) || d == typeof(IReadOnlyDictionary<,>)));
        if (dictionary is not null)
        {
            return dictionary.GetGenericArguments()[1];
        }

        return generic.FirstOrDefault(i => i.GetGenericTypeDefinition() == typeof(IEnumerable<>))?.GetGenericArguments()[0];
    }

    private static bool IsObject(Type type) =>
        (type.IsClass || (type.IsValueType && !type.IsPrimitive && !type.IsEnum))
            && type != typeof(string) && type != typeof(object)
            && !(type.Namespace ?? string.Empty).StartsWith("System", StringComparison.Ordinal);

    private static bool IsNullable(PropertyInfo member, NullabilityInfoContext nullability) =>
        member.PropertyType.IsValueType
            ? Nullable.GetUnderlyingType(member.PropertyType) is not null
            : nullability.Create(member).ReadState != NullabilityState.NotNull;

    /// <summary>A positional record member whose constructor parameter has a default value may be left out.</summary>
    private static bool HasDefault(Type type, PropertyInfo member) =>
        type.GetConstructors()
            .SelectMany(c => c.GetParameters())
            .Any(p => string.Equals(p.Name, member.Name, StringComparison.Ordinal) && p.HasDefaultValue);

    private static bool IsDeclaredRequired(PropertyInfo member) =>
        member.GetCustomAttribute<JsonRequiredAttribute>() is not null || member.GetCustomAttribute<RequiredMemberAttribute>() is not null;

    /// <summary>Members that a validator of the type (or of the command it becomes) checks with NotNull or NotEmpty, unconditionally.</summary>
    private static HashSet<string> ValidatorRequiredMembers(IServiceProvider services, Type type)
    {
        var validatedType = ValidatedAs.TryGetValue(type, out var command) ? command : type;
        var validators = services.GetServices(typeof(IValidator<>).MakeGenericType(validatedType)).OfType<IValidator>();
        var members = new HashSet<string>(StringComparer.Ordinal);
        foreach (var rule in validators.SelectMany(v => v.CreateDescriptor().Rules))
        {
            if (rule.HasCondition || rule.HasAsyncCondition || string.IsNullOrEmpty(rule.PropertyName) || rule.PropertyName.Contains('.', StringComparison.Ordinal))
            {
                continue;
            }

            if (rule.Components.Any(c => !c.HasCondition && !c.HasAsyncCondition && c.Validator is INotNullValidator or INotEmptyValidator))
            {
                members.Add(rule.PropertyName);
            }
        }

        return members;
    }
}
