using WhatsSuite.Application.Common.Interfaces;
using WhatsSuite.Domain.Connections;

namespace WhatsSuite.Infrastructure.WhatsApp;

/// <summary>Picks the registered gateway of a connection's provider.</summary>
internal sealed class WhatsAppGatewayResolver : IWhatsAppGatewayResolver
{
    private readonly Dictionary<ConnectionProvider, IWhatsAppGateway> _gateways = [];

    public WhatsAppGatewayResolver(IEnumerable<IWhatsAppGateway> gateways)
    {
        ArgumentNullException.ThrowIfNull(gateways);
        foreach (var gateway in gateways)
        {
            if (!_gateways.TryAdd(gateway.Provider, gateway))
            {
                throw new InvalidOperationException($"Two WhatsApp gateways are registered for the provider '{gateway.Provider}'.");
            }
        }
    }

    public IWhatsAppGateway For(ConnectionProvider provider) =>
        _gateways.TryGetValue(provider, out var gateway)
            ? gateway
            : throw new InvalidOperationException($"No WhatsApp gateway is registered for the provider '{provider}'.");
}
