Console.WriteLine("VoiceAgent.LoadTest: the load generator arrives with the voice link (issue 5).");
