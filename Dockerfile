# Build: docker build -t imnm-fhir .   (or use docker-compose.yml)
FROM eclipse-temurin:17-jdk AS build
WORKDIR /src
COPY .mvn .mvn
COPY mvnw pom.xml ./
RUN ./mvnw -B -ntp -q dependency:go-offline
COPY src src
COPY db db
# -Dcds.skip: the class data archive would fit this JDK, not the runtime stage's JRE (README, "JVM options")
RUN ./mvnw -B -ntp -q package -DskipTests -Dcds.skip

FROM eclipse-temurin:17-jre
RUN useradd --system --uid 10001 imnm
WORKDIR /app
COPY --from=build /src/target/imnm-fhir-*.jar /app/imnm-fhir.jar
USER imnm
EXPOSE 8080
HEALTHCHECK --interval=10s --timeout=3s --start-period=30s --retries=5 \
  CMD curl -fsS http://localhost:8080/actuator/health || exit 1
# The JVM options of spring-boot:run (pom.xml, server.jvm.options: why each is there); override with
# JDK_JAVA_OPTIONS in the container's environment.
ENV JDK_JAVA_OPTIONS="-Xms192m -Xmx448m -Xmn48m -XX:MetaspaceSize=128m -XX:+UseParallelGC -XX:GCTimeRatio=4 -XX:+IgnoreUnrecognizedVMOptions -XX:+UnlockExperimentalVMOptions -XX:TrimNativeHeapInterval=5000 -XX:-DontCompileHugeMethods"
ENTRYPOINT ["java", "-jar", "/app/imnm-fhir.jar"]
