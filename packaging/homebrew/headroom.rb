# Homebrew cask for Headroom. scripts/bundle-macos.sh writes a filled-in copy next to the zip
# (target/bundle/headroom.rb) with the version, the zip's SHA-256 and the release URL.
cask "headroom" do
  version "0.1.0"
  sha256 "@SHA256@"

  url "https://github.com/@REPOSITORY@/releases/download/v#{version}/Headroom-#{version}.zip"
  name "Headroom"
  desc "Menu-bar memory monitor that explains wired memory"
  homepage "https://github.com/@REPOSITORY@"

  depends_on macos: ">= :big_sur"

  app "Headroom.app"
  binary "#{appdir}/Headroom.app/Contents/MacOS/headroom"

  uninstall quit:      "app.headroom.Headroom",
            launchctl: "app.headroom.Headroom"

  zap trash: [
    "~/Library/Application Support/app.headroom.Headroom",
    "~/Library/LaunchAgents/app.headroom.Headroom.plist",
  ]
end
