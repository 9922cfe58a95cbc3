// Exposes the implicitly declared Program class to the functional tests (WebApplicationFactory<Program>).
public partial class Program;
