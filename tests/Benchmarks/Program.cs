// Placeholder so that Jobs.sln builds (an Exe needs an entry point); the benchmark scenarios replace it.
await Console.Error.WriteLineAsync("No benchmark scenarios yet.");
return 2;
