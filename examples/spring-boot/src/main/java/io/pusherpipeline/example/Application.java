package io.pusherpipeline.example;

import io.pusherpipeline.apps.SnapshotRoutes;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Import;

/**
 * Everything else is in application.properties. SnapshotRoutes is imported as a bean because Camel
 * Spring Boot takes its Java routes from the Spring context and ignores camel.main.routes-builder-classes.
 */
@SpringBootApplication
@Import(SnapshotRoutes.class)
public class Application {

    public static void main(String[] args) {
        SpringApplication.run(Application.class, args);
    }
}
