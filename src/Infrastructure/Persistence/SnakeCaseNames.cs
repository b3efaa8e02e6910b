using System.Text;
using Microsoft.EntityFrameworkCore;

namespace WhatsSuite.Infrastructure.Persistence;

/// <summary>Names every column, key and index in snake_case, as the original schema did.</summary>
internal static class SnakeCaseNames
{
    public static void Apply(ModelBuilder modelBuilder)
    {
        foreach (var entity in modelBuilder.Model.GetEntityTypes())
        {
            var ownership = entity.FindOwnership();
            foreach (var property in entity.GetProperties())
            {
                // An owned value (a message's referral) shares its owner's table: its columns keep the owner's
                // navigation as a prefix (referral_source_url); its key is the owner's key column.
                var name = ownership is null
                    ? property.Name
                    : property.IsPrimaryKey()
                        ? ownership.PrincipalKey.Properties[ownership.Properties.ToList().IndexOf(property)].Name
                        : $"{ownership.PrincipalToDependent!.Name}_{property.Name}";
                property.SetColumnName(ToSnakeCase(name));
            }

            foreach (var key in entity.GetKeys())
            {
                key.SetName(ToSnakeCase(key.GetName()!));
            }

            foreach (var foreignKey in entity.GetForeignKeys())
            {
                foreignKey.SetConstraintName(ToSnakeCase(foreignKey.GetConstraintName()!));
            }

            foreach (var index in entity.GetIndexes())
            {
                index.SetDatabaseName(ToSnakeCase(index.GetDatabaseName()!));
            }
        }
    }

    public static string ToSnakeCase(string name)
    {
        var builder = new StringBuilder(name.Length + 8);
        for (var i = 0; i < name.Length; i++)
        {
            var c = name[i];
            if (char.IsUpper(c))
            {
                if (i > 0 && name[i - 1] != '_' && (char.IsLower(name[i - 1]) || (i + 1 < name.Length && char.IsLower(name[i + 1]))))
                {
                    builder.Append('_');
                }

                builder.Append(char.ToLowerInvariant(c));
            }
            else
            {
                builder.Append(c);
            }
        }

        return builder.ToString();
    }
}
