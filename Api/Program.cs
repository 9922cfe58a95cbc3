using BanditServe.Api.Hosting;

var builder = WebApplication.CreateBuilder(args);
builder.Configuration.UseShippedSettings(builder.Environment.ContentRootPath);
builder.AddBanditServe();

var app = builder.Build();
app.MapBanditServe();
app.Run();
