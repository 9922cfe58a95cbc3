using BanditServe.Api.Hosting;

var builder = WebApplication.CreateBuilder(args);
builder.AddBanditServe();

var app = builder.Build();
app.MapBanditServe();
app.Run();
