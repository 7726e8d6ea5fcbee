"""Services: the application's use cases, each a function that reads like its sentence."""
