package org.imnm.fhir.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.hl7.fhir.validation.instance.InstanceValidator;
import org.junit.jupiter.api.Test;

/**
 * The server's JVM options are written in three places (the pom's {@code server.jvm.options}, the Dockerfile's
 * {@code JDK_JAVA_OPTIONS} and the README's {@code java -jar} command, which adds the class data archive): they
 * must say the same. And the one that matters most for ingest must stay while FHIR core needs it.
 */
class JvmOptionsTest {

    /** HotSpot's HugeMethodLimit: longer methods are never compiled while DontCompileHugeMethods is on. */
    private static final int HUGE_METHOD_LIMIT = 8000;

    /** The archive src/build/class-data-archive.sh writes beside the unpacked jar (target/app). */
    private static final String README_ARCHIVE = "-XX:SharedArchiveFile=target/app/imnm-fhir.jsa";

    private static final String POM_OPTIONS = "<server\\.jvm\\.options>(.*?)</server\\.jvm\\.options>";

    @Test
    void pomDockerfileAndReadmeGiveTheSameOptions() throws IOException {
        String pom = options(Path.of("pom.xml"), POM_OPTIONS);
        String docker = options(Path.of("Dockerfile"), "ENV JDK_JAVA_OPTIONS=\"(.*?)\"");
        String readme = options(Path.of("README.md"), "```bash\\njava (-X.*?) -jar target/").replaceAll("\\s*\\\\\\n\\s*", " ");
        assertThat(docker).as("Dockerfile JDK_JAVA_OPTIONS").isEqualTo(pom);
        assertThat(readme).as("README's java -jar command: the pom's options and the build's class data archive")
                .isEqualTo(pom + " " + README_ARCHIVE);
    }

    @Test
    void hugeMethodsAreCompiledWhileTheValidatorHasOneOnItsHotPath() throws IOException {
        int length = codeLength(InstanceValidator.class, "checkPrimitive");
        String pom = options(Path.of("pom.xml"), POM_OPTIONS);
        if (length > HUGE_METHOD_LIMIT) {
            assertThat(pom).as("checkPrimitive is %d bytes of bytecode: without the flag it runs interpreted", length)
                    .contains("-XX:-DontCompileHugeMethods");
        } else {
            assertThat(pom).as("checkPrimitive is %d bytes now; the flag is no longer needed for it", length)
                    .doesNotContain("-XX:-DontCompileHugeMethods");
        }
    }

    private static String options(Path file, String regex) throws IOException {
        Matcher m = Pattern.compile(regex, Pattern.DOTALL).matcher(Files.readString(file));
        assertThat(m.find()).as("%s holds the JVM options (%s)", file, regex).isTrue();
        return m.group(1).strip();
    }

    /** The length of the bytecode of {@code method} (the largest, if overloaded), read from the class file. */
    private static int codeLength(Class<?> type, String method) throws IOException {
        try (InputStream raw = type.getResourceAsStream(type.getSimpleName() + ".class");
                DataInputStream in = new DataInputStream(raw)) {
            in.skipBytes(8); // magic, minor and major version
            int count = in.readUnsignedShort();
            String[] utf8 = new String[count];
            for (int i = 1; i < count; i++) {
                int tag = in.readUnsignedByte();
                switch (tag) {
                    case 1 -> utf8[i] = in.readUTF();
                    case 7, 8, 16, 19, 20 -> in.skipBytes(2);
                    case 15 -> in.skipBytes(3);
                    case 3, 4, 9, 10, 11, 12, 17, 18 -> in.skipBytes(4);
                    case 5, 6 -> { in.skipBytes(8); i++; } // longs and doubles take two entries
                    default -> throw new IOException("Unknown constant pool tag " + tag);
                }
            }
            in.skipBytes(6); // access flags, this class, super class
            in.skipBytes(2 * in.readUnsignedShort()); // interfaces
            for (int fields = in.readUnsignedShort(); fields > 0; fields--) {
                in.skipBytes(6);
                skipAttributes(in);
            }
            int longest = -1;
            for (int methods = in.readUnsignedShort(); methods > 0; methods--) {
                in.skipBytes(2);
                String name = utf8[in.readUnsignedShort()];
                in.skipBytes(2);
                for (int attributes = in.readUnsignedShort(); attributes > 0; attributes--) {
                    String attribute = utf8[in.readUnsignedShort()];
                    int size = in.readInt();
                    if (attribute.equals("Code") && name.equals(method)) {
                        in.skipBytes(4); // max stack, max locals
                        int codeLength = in.readInt();
                        longest = Math.max(longest, codeLength);
                        in.skipBytes(size - 8);
                    } else {
                        in.skipBytes(size);
                    }
                }
            }
            assertThat(longest).as("%s has a method %s", type.getName(), method).isPositive();
            return longest;
        }
    }

    private static void skipAttributes(DataInputStream in) throws IOException {
        for (int attributes = in.readUnsignedShort(); attributes > 0; attributes--) {
            in.skipBytes(2);
            in.skipBytes(in.readInt());
        }
    }
}
