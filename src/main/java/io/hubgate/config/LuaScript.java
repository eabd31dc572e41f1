package io.hubgate.config;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.redis.client.Command;
import io.vertx.mutiny.redis.client.Redis;
import io.vertx.mutiny.redis.client.Request;
import io.vertx.mutiny.redis.client.Response;

/**
 * A Lua script kept as a {@code .lua} resource beside the feature that runs it (STYLE habit 10: read once, when the
 * feature's Redis side is built, and the tests load the same file), run by {@code EVALSHA}, and by {@code EVAL} once when
 * the server does not know it (first use, restart, failover). Native builds keep the scripts
 * ({@code quarkus.native.resources.includes}).
 */
public record LuaScript(String source, String sha1) {

  /**
   * The resources {@code names} in the package of {@code owner}, one after the other (a newline after each that lacks
   * one): a prefix of shared local functions, then the script, so the two stay separate files but run as one.
   */
  public static LuaScript load(Class<?> owner, String... names) {
    StringBuilder source = new StringBuilder();
    for (String name : names) {
      source.append(read(owner, name));
      if (source.length() > 0 && source.charAt(source.length() - 1) != '\n') {
        source.append('\n');
      }
    }
    return of(source.toString());
  }

  private static String read(Class<?> owner, String name) {
    try (InputStream in = owner.getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException("Lua script " + name + " is missing from the class path");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A script from its source text. */
  public static LuaScript of(String source) {
    try {
      return new LuaScript(source, HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1")
          .digest(source.getBytes(StandardCharsets.UTF_8))));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  public Uni<Response> run(Redis redis, List<String> keys, List<String> args) {
    return redis.send(request(Command.EVALSHA, sha1, keys, args))
        .onFailure(LuaScript::isNoScript)
        .recoverWithUni(() -> redis.send(request(Command.EVAL, source, keys, args)));
  }

  private static Request request(Command command, String script, List<String> keys, List<String> args) {
    Request r = Request.cmd(command).arg(script).arg(keys.size());
    keys.forEach(r::arg);
    args.forEach(r::arg);
    return r;
  }

  private static boolean isNoScript(Throwable t) {
    return t.getMessage() != null && t.getMessage().startsWith("NOSCRIPT");
  }
}
