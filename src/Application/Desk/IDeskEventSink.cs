namespace WhatsSuite.Application.Desk;

/// <summary>Takes the desk changes of a committed command and delivers them to the connected clients, in order.</summary>
public interface IDeskEventSink
{
    /// <summary>Hands over the changes of one committed command; returns at once (delivery runs in the background).</summary>
    void Publish(IReadOnlyList<DeskChange> changes);
}
