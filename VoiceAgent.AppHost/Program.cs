Console.WriteLine("VoiceAgent.AppHost: the orchestrator arrives with issue 2.");
