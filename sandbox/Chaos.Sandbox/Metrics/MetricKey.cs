namespace Chaos.Sandbox.Metrics;

/// <summary>One metric of one resource, as CloudWatch names it: namespace, metric name, its one dimension, unit.</summary>
internal sealed record MetricKey(string Namespace, string Name, string DimensionName, string DimensionValue, string Unit);
