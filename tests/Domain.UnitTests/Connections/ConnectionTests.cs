using WhatsSuite.Domain.Connections;

namespace WhatsSuite.Domain.UnitTests.Connections;

public sealed class ConnectionTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 23, 10, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Create_IsActiveWithNormalizedName()
    {
        var connection = NewConnection();

        Assert.Equal((ConnectionStatus.Active, "ventas"), (connection.Status, connection.NormalizedName));
    }

    [Fact]
    public void ReplaceAccessToken_ClearsInvalidCredentials()
    {
        var connection = NewConnection();
        connection.MarkInvalidCredentials("graph_190", Now);
        Assert.Equal(ConnectionStatus.InvalidCredentials, connection.Status);

        connection.ReplaceAccessToken("enc:new", Now);

        Assert.Equal(ConnectionStatus.Active, connection.Status);
        Assert.Null(connection.StatusReason);
    }

    [Fact]
    public void MarkInvalidCredentials_WhenDisabled_StaysDisabled()
    {
        var connection = NewConnection();
        connection.Disable(Now);

        connection.MarkInvalidCredentials("graph_190", Now);

        Assert.Equal(ConnectionStatus.Disabled, connection.Status);
    }

    [Fact]
    public void LinkQueue_Twice_LinksOnce_AndDeleteUnlinksAll()
    {
        var connection = NewConnection();
        var queue = Guid.NewGuid();

        Assert.True(connection.LinkQueue(queue, Now));
        Assert.False(connection.LinkQueue(queue, Now));
        connection.Delete(Now);

        Assert.Empty(connection.Queues);
        Assert.Equal(Now, connection.DeletedAt);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(Connection.MaxSendRateLimitPerSecond + 1)]
    public void Create_RateLimitOutOfRange_Throws(int rate)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() =>
            Connection.Create("Ventas", ConnectionProvider.CloudApi, "1001", null, "15550001111", "enc:a", "enc:b", "enc:c", rate, Now));
    }

    private static Connection NewConnection() =>
        Connection.Create(" Ventas ", ConnectionProvider.CloudApi, "1001", "2002", "15550001111", "enc:a", "enc:b", "enc:c", 80, Now);
}
