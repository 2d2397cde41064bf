using System.Xml.Linq;
using ArchUnitNET.Fluent.Slices;
using ArchUnitNET.Loader;
using ArchUnitNET.xUnitV3;
using Chaos.Aws.Resilience;
using Chaos.Engine.Running;
using Shouldly;

namespace Chaos.Engine.Tests.Architecture;

/// <summary>
/// The layers as the folder tree shows them, checked: no namespace cycle inside the engine or the AWS layer; the sandbox
/// built on the AWS layer only; xUnit and Shouldly referenced by the skin alone among the libraries.
/// </summary>
public sealed class LayeringTests
{
    private static readonly ArchUnitNET.Domain.Architecture Assemblies =
        new ArchLoader().LoadAssemblies(typeof(ExperimentRunner).Assembly, typeof(AwsRetry).Assembly).Build();

    private static readonly string Root = FindRoot();

    [Fact]
    public void The_engines_namespaces_have_no_cycle() =>
        SliceRuleDefinition.Slices().Matching("Chaos.Engine.(*)..").Should().BeFreeOfCycles().Check(Assemblies);

    [Fact]
    public void The_AWS_layers_namespaces_have_no_cycle() =>
        SliceRuleDefinition.Slices().Matching("Chaos.Aws.(*)..").Should().BeFreeOfCycles().Check(Assemblies);

    [Fact]
    public void The_sandbox_references_the_AWS_layer_and_the_emulator_only_never_the_engine_xunit_or_shouldly()
    {
        var (projects, packages) = Closure(Path.Combine(Root, "sandbox", "Chaos.Sandbox", "Chaos.Sandbox.csproj"));

        projects.Select(Path.GetFileNameWithoutExtension).Order().ShouldBe(["Chaos.Aws", "Chaos.Moto", "Chaos.Sandbox"]);
        packages.Where(p => p.StartsWith("xunit", StringComparison.OrdinalIgnoreCase) || p == "Shouldly").ShouldBeEmpty();
    }

    [Fact]
    public void Among_the_libraries_only_the_harness_references_xunit_or_shouldly()
    {
        var libraries = Directory.GetFiles(Path.Combine(Root, "fixtures"), "*.csproj", SearchOption.AllDirectories)
            .Concat(Directory.GetFiles(Path.Combine(Root, "sandbox"), "*.csproj", SearchOption.AllDirectories))
            .Concat(Directory.GetFiles(Path.Combine(Root, "emulator"), "*.csproj", SearchOption.AllDirectories));

        var withTestLibraries = libraries
            .Where(p => Closure(p).Packages.Any(package => package.StartsWith("xunit", StringComparison.OrdinalIgnoreCase) || package == "Shouldly"))
            .Select(Path.GetFileNameWithoutExtension)
            .ToList();

        withTestLibraries.ShouldBe(["Chaos.Harness"]);
    }

    // Every project reachable from one, itself included, and every package they reference.
    private static (List<string> Projects, HashSet<string> Packages) Closure(string project)
    {
        var projects = new List<string>();
        var packages = new HashSet<string>(StringComparer.Ordinal);
        var pending = new Stack<string>([Path.GetFullPath(project)]);
        while (pending.TryPop(out var current))
        {
            if (projects.Contains(current))
            {
                continue;
            }

            projects.Add(current);
            var document = XDocument.Load(current);
            foreach (var reference in document.Descendants("PackageReference"))
            {
                packages.Add((string)reference.Attribute("Include")!);
            }

            foreach (var reference in document.Descendants("ProjectReference"))
            {
                pending.Push(Path.GetFullPath(Path.Combine(Path.GetDirectoryName(current)!, (string)reference.Attribute("Include")!)));
            }
        }

        return (projects, packages);
    }

    private static string FindRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "ChaosTests.sln")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new InvalidOperationException("ChaosTests.sln not found above " + AppContext.BaseDirectory);
    }
}
