namespace BanditServe.Api.Dashboard.Page;

public static partial class DashboardPage
{
    /// <summary>The page shell: header, key form and the main area the script fills.</summary>
    public const string Html = """
<!DOCTYPE html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>BanditServe dashboard</title>
  <link rel="stylesheet" href="/dashboard/dashboard.css">
  <script src="/dashboard/dashboard.js" defer></script>
</head>
<body class="signed-out">
  <header>
    <h1><a href="#/">BanditServe</a> <span>operator dashboard</span></h1>
    <span id="status" role="status"></span>
    <button type="button" id="sign-out">Forget key</button>
  </header>
  <section id="login">
    <form id="login-form">
      <h2>Admin key</h2>
      <p>The dashboard reads the admin API. The key stays in this browser tab's session storage and is sent only to this server.</p>
      <input type="password" id="admin-key" autocomplete="off" placeholder="X-Api-Key" aria-label="Admin key">
      <button type="submit">Open dashboard</button>
      <p id="login-message"></p>
    </form>
  </section>
  <main id="main"></main>
</body>
</html>
""";
}
