using Google.Protobuf.Reflection;

namespace VoiceAgent.Tests.Protocol;

/// <summary>
/// Compares the messages, enums and services we declare against a reference descriptor set and lists every
/// difference that would change the wire format or the generated API: a declared message must have exactly
/// the reference's fields (name, number, type, label, optional-ness, oneof), a declared enum exactly its
/// values, a declared method the same types and streaming kind.
/// </summary>
internal static class ProtoContractComparer
{
    public static IReadOnlyList<string> Compare(FileDescriptorSet ours, FileDescriptorSet reference)
    {
        var problems = new List<string>();
        var referenceMessages = Index(reference, f => Messages(f));
        var referenceEnums = Index(reference, f => Enums(f));
        var referenceServices = Index(reference, f => f.Service.Select(s => ($".{f.Package}.{s.Name}", s)));

        foreach (var (name, message) in Index(ours, f => Messages(f)))
        {
            if (!referenceMessages.TryGetValue(name, out var expected))
            {
                problems.Add($"message {name} does not exist in the official protocol");
                continue;
            }

            CompareFields(name, message, expected, problems);
        }

        foreach (var (name, enumType) in Index(ours, f => Enums(f)))
        {
            if (!referenceEnums.TryGetValue(name, out var expected))
            {
                problems.Add($"enum {name} does not exist in the official protocol");
                continue;
            }

            var actualValues = enumType.Value.ToDictionary(v => v.Name, v => v.Number);
            var expectedValues = expected.Value.ToDictionary(v => v.Name, v => v.Number);
            foreach (var (valueName, number) in expectedValues)
            {
                if (!actualValues.TryGetValue(valueName, out var actualNumber))
                {
                    problems.Add($"enum {name} omits {valueName} = {number}");
                }
                else if (actualNumber != number)
                {
                    problems.Add($"enum {name}.{valueName} is {actualNumber}, official {number}");
                }
            }

            foreach (var valueName in actualValues.Keys.Except(expectedValues.Keys))
            {
                problems.Add($"enum {name} declares {valueName}, which the official protocol does not have");
            }
        }

        foreach (var (name, service) in Index(ours, f => f.Service.Select(s => ($".{f.Package}.{s.Name}", s))))
        {
            if (!referenceServices.TryGetValue(name, out var expected))
            {
                problems.Add($"service {name} does not exist in the official protocol");
                continue;
            }

            var expectedMethods = expected.Method.ToDictionary(m => m.Name);
            foreach (var method in service.Method)
            {
                if (!expectedMethods.TryGetValue(method.Name, out var official))
                {
                    problems.Add($"method {name}/{method.Name} does not exist in the official protocol");
                    continue;
                }

                if (method.InputType != official.InputType || method.OutputType != official.OutputType)
                {
                    problems.Add($"method {name}/{method.Name} is ({method.InputType}) -> ({method.OutputType}), official ({official.InputType}) -> ({official.OutputType})");
                }

                if (method.ClientStreaming != official.ClientStreaming || method.ServerStreaming != official.ServerStreaming)
                {
                    problems.Add($"method {name}/{method.Name} streams client={method.ClientStreaming} server={method.ServerStreaming}, official client={official.ClientStreaming} server={official.ServerStreaming}");
                }
            }
        }

        return problems;
    }

    private static void CompareFields(string messageName, DescriptorProto actual, DescriptorProto expected, List<string> problems)
    {
        var expectedFields = expected.Field.ToDictionary(f => f.Name);
        foreach (var field in actual.Field)
        {
            var where = $"{messageName}.{field.Name}";
            if (!expectedFields.Remove(field.Name, out var official))
            {
                problems.Add($"field {where} does not exist in the official protocol");
                continue;
            }

            Check(where, "number", field.Number, official.Number, problems);
            Check(where, "type", field.Type, official.Type, problems);
            Check(where, "type name", field.TypeName, official.TypeName, problems);
            Check(where, "label", field.Label, official.Label, problems);
            Check(where, "proto3 optional", field.Proto3Optional, official.Proto3Optional, problems);
            Check(where, "oneof", OneofName(actual, field), OneofName(expected, official), problems);
        }

        foreach (var missing in expectedFields.Values)
        {
            problems.Add($"message {messageName} omits field {missing.Name} = {missing.Number}");
        }
    }

    private static void Check<T>(string where, string what, T actual, T expected, List<string> problems)
    {
        if (!EqualityComparer<T>.Default.Equals(actual, expected))
        {
            problems.Add($"field {where}: {what} is {actual}, official {expected}");
        }
    }

    private static string? OneofName(DescriptorProto message, FieldDescriptorProto field) =>
        field.HasOneofIndex ? message.OneofDecl[field.OneofIndex].Name : null;

    private static Dictionary<string, T> Index<T>(FileDescriptorSet set, Func<FileDescriptorProto, IEnumerable<(string Name, T Item)>> select) =>
        set.File.Where(f => f.Package == "apache.rocketmq.v2").SelectMany(select).ToDictionary(p => p.Name, p => p.Item);

    private static IEnumerable<(string, DescriptorProto)> Messages(FileDescriptorProto file) =>
        file.MessageType.SelectMany(m => MessagesWithin($".{file.Package}", m));

    private static IEnumerable<(string, DescriptorProto)> MessagesWithin(string scope, DescriptorProto message)
    {
        var name = $"{scope}.{message.Name}";
        yield return (name, message);
        foreach (var nested in message.NestedType.SelectMany(n => MessagesWithin(name, n)))
        {
            yield return nested;
        }
    }

    private static IEnumerable<(string, EnumDescriptorProto)> Enums(FileDescriptorProto file) =>
        file.EnumType.Select(e => ($".{file.Package}.{e.Name}", e))
            .Concat(Messages(file).SelectMany(m => m.Item2.EnumType.Select(e => ($"{m.Item1}.{e.Name}", e))));
}
