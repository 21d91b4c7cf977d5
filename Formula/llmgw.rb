# Homebrew formula for llmgw, built from a source release.
# Install from a checkout of this repository: brew install --build-from-source ./Formula/llmgw.rb
class Llmgw < Formula
  desc "Security gateway for LLM traffic: auth, scanning, policy, limits and audit"
  homepage "https://github.com/llmgw/llmgw"
  url "https://github.com/llmgw/llmgw/archive/refs/tags/v0.1.0.tar.gz"
  version "0.1.0"
  license "Apache-2.0"
  head "https://github.com/llmgw/llmgw.git", branch: "main"

  depends_on "maven" => :build
  depends_on "openjdk"

  def install
    ENV.update Language::Java.overridable_java_home_env
    system "mvn", "-B", "-q", "-Dstyle.color=never", "-DskipTests", "package"
    # The launcher looks for its jars in ../lib/llmgw beside itself.
    (libexec/"lib/llmgw").install "cli/target/llmgw-cli.jar", *Dir["cli/target/lib/*.jar"], "cli/src/main/sh/find-java"
    chmod 0755, libexec/"lib/llmgw/find-java"
    (libexec/"bin").install "cli/src/main/sh/llmgw"
    bin.write_env_script libexec/"bin/llmgw", Language::Java.overridable_java_home_env
    bash_completion.install "completions/llmgw.bash" => "llmgw"
  end

  test do
    assert_match "llmgw #{version}", shell_output("#{bin}/llmgw --version")
    (testpath/"gw.yaml").write "server:\n  port: 0\n"
    assert_match "ok", shell_output("#{bin}/llmgw config validate #{testpath}/gw.yaml")
  end
end
