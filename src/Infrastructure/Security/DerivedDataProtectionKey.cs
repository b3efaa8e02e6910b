using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Xml.Linq;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.AuthenticatedEncryption;
using Microsoft.AspNetCore.DataProtection.AuthenticatedEncryption.ConfigurationModel;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.DataProtection.Repositories;
using Microsoft.Extensions.DependencyInjection;

namespace WhatsSuite.Infrastructure.Security;

/// <summary>
/// ASP.NET Core Data Protection (which protects the anti-forgery tokens of the dashboard's sign-in form) with one
/// key derived from <c>JWT_SECRET</c> by HKDF-SHA256 under a label of its own. Every instance shares
/// <c>JWT_SECRET</c>, so a form served by one instance is accepted by another, and after a restart, without a key
/// store to share, back up or encrypt. Changing <c>JWT_SECRET</c> ends every session and, with it, every open
/// form. No key is ever generated or stored.
/// </summary>
public static class DerivedDataProtectionKey
{
    private const string Label = "WhatsSuite data protection key v1";
    private const int MasterKeyBytes = 64;

    public static IServiceCollection AddDerivedDataProtection(this IServiceCollection services, byte[] jwtSigningKey)
    {
        ArgumentNullException.ThrowIfNull(jwtSigningKey);
        var masterKey = HKDF.DeriveKey(HashAlgorithmName.SHA256, jwtSigningKey, MasterKeyBytes, salt: null, info: Encoding.UTF8.GetBytes(Label));
        services.AddDataProtection().SetApplicationName("WhatsSuite").DisableAutomaticKeyGeneration();
        services.Configure<KeyManagementOptions>(options => options.XmlRepository = new Repository(KeyElement(masterKey)));
        return services;
    }

    /// <summary>The key in the format of the Data Protection key ring (id, dates, descriptor), valid from 2000 to 9999.</summary>
    internal static XElement KeyElement(byte[] masterKey)
    {
        var id = new Guid(SHA256.HashData(masterKey).AsSpan(0, 16));
        var descriptor = new AuthenticatedEncryptorDescriptor(new AuthenticatedEncryptorConfiguration(), new Secret(masterKey)).ExportToXml();
        return new XElement(
            "key",
            new XAttribute("id", id.ToString("D", CultureInfo.InvariantCulture)),
            new XAttribute("version", 1),
            new XElement("creationDate", "2000-01-01T00:00:00Z"),
            new XElement("activationDate", "2000-01-01T00:00:00Z"),
            new XElement("expirationDate", "9999-01-01T00:00:00Z"),
            new XElement(
                "descriptor",
                new XAttribute("deserializerType", descriptor.DeserializerType.AssemblyQualifiedName!),
                descriptor.SerializedDescriptorElement));
    }

    private sealed class Repository(XElement key) : IXmlRepository
    {
        public IReadOnlyCollection<XElement> GetAllElements() => [new XElement(key)];

        public void StoreElement(XElement element, string friendlyName) =>
            throw new InvalidOperationException("The data protection key is derived from JWT_SECRET; no other key is created or stored.");
    }
}
