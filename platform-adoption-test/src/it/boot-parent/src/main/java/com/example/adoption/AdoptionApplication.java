package com.example.adoption;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

@SpringBootApplication
@RestController
public class AdoptionApplication {

	private static final Logger logger = LoggerFactory.getLogger(AdoptionApplication.class);

	public static void main(String[] args) {
		SpringApplication.run(AdoptionApplication.class, args);
	}

	@GetMapping("/greetings/{name}")
	String greet(@PathVariable String name) {
		logger.info("greeting {}", name);
		return "hello " + name;
	}

}
