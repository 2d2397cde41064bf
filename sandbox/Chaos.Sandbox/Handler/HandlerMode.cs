namespace Chaos.Sandbox.Handler;

/// <summary>How the ETL function treats its DynamoDB writes.</summary>
internal enum HandlerMode
{
    /// <summary>As in the workshop: the writes are started and not awaited; the function returns before they finish or fail.</summary>
    FireAndForget,

    /// <summary>Lab 4's fix: the function waits for the writes, so their failure is the function's failure.</summary>
    Awaited,
}
