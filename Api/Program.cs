using BanditServe.Api.Hosting;

// Configuration files are read once (options are validated at start); a watcher of the content root
// would wake on every write below it, such as the embedded SQLite database or a build. First, so that a
// trailing valueless switch cannot swallow it and a later --hostBuilder:reloadConfigOnChange still wins.
var builder = WebApplication.CreateBuilder([$"--{ShippedSettings.ReloadOnChangeKey}=false", .. args]);
builder.Configuration.UseShippedSettings(builder.Environment.ContentRootPath);
builder.AddBanditServe();

var app = builder.Build();
app.MapBanditServe();
app.Run();
