namespace WhatsSuite.Domain.Users;

/// <summary>The three roles of the product. Stored and sent as their upper-case names.</summary>
public enum Role
{
    /// <summary>Connects numbers, defines queues, manages users; sees everything.</summary>
    ADMIN = 1,

    /// <summary>Watches dashboards and runs campaigns for the queues they belong to.</summary>
    SUPERVISOR = 2,

    /// <summary>Takes conversations, replies and transfers them.</summary>
    AGENTE = 3,
}
