package io.hubgate.serverless;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import com.amazonaws.services.lambda.runtime.ClientContext;
import com.amazonaws.services.lambda.runtime.CognitoIdentity;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.LambdaLogger;

import io.quarkus.amazon.lambda.runtime.QuarkusStreamHandler;

/**
 * What AWS's managed Java runtime does with {@code function.zip} (a stand-in for its runtime interface client, for
 * {@link ServerlessColdStartBenchmark} only): load the handler named in the SAM template, which starts Quarkus, then
 * take invocations from the Lambda Runtime API ({@code AWS_LAMBDA_RUNTIME_API}, here Quarkus' mock event server) and
 * post each answer back. Quarkus runs its own loop only in native and test mode; on the JVM AWS's runtime calls the
 * handler, as this does.
 */
public final class ServerlessColdStartRuntime {

  private ServerlessColdStartRuntime() {
  }

  public static void main(String[] args) throws Exception {
    String api = "http://" + System.getenv("AWS_LAMBDA_RUNTIME_API") + "/2018-06-01/runtime/invocation/";
    var handler = new QuarkusStreamHandler();
    HttpClient http = HttpClient.newHttpClient();
    while (true) {
      HttpResponse<byte[]> next = http.send(HttpRequest.newBuilder(URI.create(api + "next")).GET().build(),
          HttpResponse.BodyHandlers.ofByteArray());
      String id = next.headers().firstValue("Lambda-Runtime-Aws-Request-Id").orElseThrow();
      var out = new ByteArrayOutputStream();
      handler.handleRequest(new ByteArrayInputStream(next.body()), out, new Invocation(id));
      http.send(HttpRequest.newBuilder(URI.create(api + id + "/response"))
          .POST(HttpRequest.BodyPublishers.ofByteArray(out.toByteArray())).build(), HttpResponse.BodyHandlers.discarding());
    }
  }

  private record Invocation(String getAwsRequestId) implements Context {
    @Override
    public String getLogGroupName() {
      return "hubgate";
    }

    @Override
    public String getLogStreamName() {
      return "cold-start";
    }

    @Override
    public String getFunctionName() {
      return "hubgate";
    }

    @Override
    public String getFunctionVersion() {
      return "1";
    }

    @Override
    public String getInvokedFunctionArn() {
      return "arn:aws:lambda:local:0:function:hubgate";
    }

    @Override
    public CognitoIdentity getIdentity() {
      return null;
    }

    @Override
    public ClientContext getClientContext() {
      return null;
    }

    @Override
    public int getRemainingTimeInMillis() {
      return 10_000;
    }

    @Override
    public int getMemoryLimitInMB() {
      return 1024;
    }

    @Override
    public LambdaLogger getLogger() {
      return new LambdaLogger() {
        @Override
        public void log(String message) {
          System.out.println(message);
        }

        @Override
        public void log(byte[] message) {
          System.out.println(new String(message));
        }
      };
    }
  }
}
