using WhatsSuite.Application.Common.Interfaces;
using WhatsSuite.Domain.Connections;

namespace WhatsSuite.Infrastructure.WhatsApp;

/// <summary>
/// Picks the gateway of a connection's provider among the registered ones. When two are registered for
/// the same provider the last registration wins, as for any service (tests replace a gateway that way).
/// </summary>
internal sealed class WhatsAppGatewayResolver : IWhatsAppGatewayResolver
{
    private readonly Dictionary<ConnectionProvider, IWhatsAppGateway> _gateways = [];

    public WhatsAppGatewayResolver(IEnumerable<IWhatsAppGateway> gateways)
    {
        ArgumentNullException.ThrowIfNull(gateways);
        foreach (var gateway in gateways)
        {
            _gateways[gateway.Provider] = gateway;
        }
    }

    public IWhatsAppGateway For(ConnectionProvider provider) =>
        _gateways.TryGetValue(provider, out var gateway)
            ? gateway
            : throw new InvalidOperationException($"No WhatsApp gateway is registered for the provider '{provider}'.");
}
