namespace WhatsSuite.Application.Common.Interfaces;

/// <summary>Queues the job that writes a background conversation export's file (ADR 0042).</summary>
public interface IConversationExportJobs
{
    void Enqueue(Guid exportId);
}
