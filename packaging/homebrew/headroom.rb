# Homebrew cask for Headroom. scripts/bundle-macos.sh writes a filled-in copy next to the zip
# (target/bundle/headroom.rb) with the version, the zip's SHA-256 and the release URL.
#
# Publish it only for a notarized release (HEADROOM_SIGN_IDENTITY and HEADROOM_NOTARY_PROFILE set
# when bundling). Homebrew quarantines every cask download, and casks that fail the Gatekeeper
# check are disabled (`disable! because: :fails_gatekeeper_check`, docs.brew.sh/Deprecating-
# Disabling-and-Removing; the policy and the end of --no-quarantine: Homebrew/brew#20755). A
# notarized build opens with no prompt and can use Notification Center. For an ad-hoc-signed build
# the script keeps the caveats block below, which tells the user what they will meet; for a
# notarized build it removes that block.
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
  # Made by `headroom` itself at bundling (clap's generators; crates/headroom-testing/src/bundle_layout.rs).
  manpage "#{appdir}/Headroom.app/Contents/Resources/man/headroom.1"
  bash_completion "#{appdir}/Headroom.app/Contents/Resources/completions/headroom.bash"
  fish_completion "#{appdir}/Headroom.app/Contents/Resources/completions/headroom.fish"
  zsh_completion "#{appdir}/Headroom.app/Contents/Resources/completions/_headroom"

  # Stanzas: docs.brew.sh/Cask-Cookbook#stanza-uninstall and #stanza-zap. What Homebrew does with them
  # (Homebrew/brew, Library/Homebrew/cask/artifact/abstract_uninstall.rb):
  # * launchctl: removes each label from the user's and (through sudo) the system's launchd and deletes
  #   the <label>.plist in ~/Library/LaunchAgents, /Library/LaunchAgents and /Library/LaunchDaemons:
  #   the login item (`headroom setup login`) and the exporter (`headroom setup exporter`, or the
  #   LaunchDaemon from packaging/macos/), whose KeepAlive would retry a missing binary;
  # * delete: runs rm through sudo (Homebrew asks for the password), for the root-owned rule
  #   `sudo headroom setup purge` wrote; a rule for /usr/sbin/purge must not outlive the app.
  # `brew upgrade` runs these too (only `signal:` is skipped, cask/artifact/uninstall.rb): after an
  # upgrade, set up the login item, the exporter and the purge rule again. Arrays are sorted
  # case-insensitively, as Homebrew's rubocop Cask/ArrayAlphabetization asks.
  uninstall quit:      "app.headroom.Headroom",
            launchctl: [
              "app.headroom.exporter",
              "app.headroom.Headroom",
            ],
            delete:    "/private/etc/sudoers.d/headroom-purge"

  zap trash: [
    "~/Library/Application Support/app.headroom.Headroom",
    "~/Library/LaunchAgents/app.headroom.exporter.plist",
    "~/Library/LaunchAgents/app.headroom.Headroom.plist",
    "~/Library/Preferences/app.headroom.Headroom.plist",
  ]
  # not-notarized caveats begin

  caveats <<~EOS
    This build of Headroom is not notarized by Apple, so Gatekeeper blocks its first open.
    Since macOS 15, right-click > Open no longer gets past that. Open Headroom once, then
    choose System Settings > Privacy & Security > Open Anyway, or run:
      xattr -dr com.apple.quarantine #{appdir}/Headroom.app
    An ad-hoc-signed build cannot use Notification Center; its notifications go through
    osascript and appear as Script Editor's, which needs notifications allowed in
    System Settings > Notifications.
  EOS
  # not-notarized caveats end
end
